SELECT count(*) = 200 AND max(id) = 200 FROM app.docs
