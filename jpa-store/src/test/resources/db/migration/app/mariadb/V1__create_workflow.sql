-- an application's own first migration: the same version number as keygate's V1, in its own history
CREATE TABLE workflow (id VARCHAR(64) NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL);
