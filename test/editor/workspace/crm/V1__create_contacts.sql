-- V1: the contacts table of the CRM database (PostgreSQL).
CREATE TABLE crm.contacts (
  id          BIGSERIAL PRIMARY KEY,
  fname       VARCHAR(255) NOT NULL,
  email       TEXT,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT now()
);
