-- The sidecar's own database user (docs/production.md, "A database user for the sidecar"). It reads
-- and writes rows of Solar Capture's four tables, reads its booking-link tokens and the options; it never changes a
-- table's structure and never deletes a row. Run it as the database administrator once the plugin
-- is activated (the tables must exist), with your database name, table prefix and a long random
-- password in place of wordpress, wp_ and change-me-…:
--   mariadb < sidecar-grants.sql
-- 'localhost' is the user of a connection through the socket (DB_SOCKET), '127.0.0.1' of one over TCP
-- (DB_HOST=127.0.0.1, as in sidecar.env.example). `npm test` runs this very file on the production
-- stacks' database (with that database's name and its own password).
CREATE USER IF NOT EXISTS 'solar_sidecar'@'localhost' IDENTIFIED BY 'change-me-to-a-long-random-password';
CREATE USER IF NOT EXISTS 'solar_sidecar'@'127.0.0.1' IDENTIFIED BY 'change-me-to-a-long-random-password';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_solar_leads      TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_solar_bookings   TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_solar_events     TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_solar_deliveries TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT                 ON wordpress.wp_solar_lead_tokens TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT                 ON wordpress.wp_options          TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
