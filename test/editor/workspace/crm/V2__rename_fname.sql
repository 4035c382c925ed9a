-- V2: a clearer column name; the public field `first_name` must keep its name.
ALTER TABLE crm.contacts RENAME COLUMN fname TO first_name;
