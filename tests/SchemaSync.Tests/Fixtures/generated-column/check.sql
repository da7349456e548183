SELECT gross = 12.0 AND tax = 2.0 FROM app.items
