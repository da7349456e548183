SELECT name = 'kept' FROM app.products WHERE id = 1
