SELECT count(*) = 100 AND count(*) FILTER (WHERE name = '') = 33 AND count(*) FILTER (WHERE tier = 'basic') = 50
  AND count(*) FILTER (WHERE score = 0) = 20 AND count(*) FILTER (WHERE name = 'n1' AND tier = 'gold' AND score = 1) = 1 FROM app.customers
