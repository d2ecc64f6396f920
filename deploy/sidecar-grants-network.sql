-- A multisite network: run sidecar-grants.sql (the main site's tables), then this file, which lets
-- the sidecar find the network's sites and serve the second one (its tables are wp_2_…). Repeat the
-- last six lines for each further site with its number (wp_3_…, wp_4_…) when you add it.
-- `npm test` runs this very file for its two-site network.
GRANT SELECT                 ON wordpress.wp_blogs              TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_2_solar_leads      TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_2_solar_bookings   TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_2_solar_events     TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE ON wordpress.wp_2_solar_deliveries TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT                 ON wordpress.wp_2_solar_lead_tokens TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
GRANT SELECT                 ON wordpress.wp_2_options          TO 'solar_sidecar'@'localhost', 'solar_sidecar'@'127.0.0.1';
