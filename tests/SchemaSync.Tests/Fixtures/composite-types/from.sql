CREATE TYPE app.pair AS (a int, b int);
