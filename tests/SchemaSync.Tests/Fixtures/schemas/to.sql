CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
CREATE SCHEMA "Mixed Case";
CREATE TABLE "Mixed Case"."Weird Table" ("Column One" int, "user" text);
