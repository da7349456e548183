SELECT (SELECT n FROM app.summary) = 50 AND (SELECT label FROM app.labelled WHERE id = 1) = '#ITEM 1'
