SELECT bool_and(status = 'active' AND logins = 0 AND NOT verified AND joined = current_date - 1) AND count(*) = 200 FROM app.accounts
