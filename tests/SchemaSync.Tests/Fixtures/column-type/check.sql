SELECT quantity = 42 AND code = 'abc' FROM app.items WHERE id = 1
