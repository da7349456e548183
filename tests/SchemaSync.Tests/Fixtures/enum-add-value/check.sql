SELECT mood = 'sad' FROM app.people
