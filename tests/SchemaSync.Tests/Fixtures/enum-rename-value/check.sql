SELECT mood = 'unhappy' FROM app.people
