-- A group's check_back_url (Prepare's check_back_url, as sqlite/V6): where the server asks the producer
-- about the group instead of over a session of its source. NULL: check-backs go to sessions.
ALTER TABLE lottor_group ADD COLUMN check_back_url TEXT;
