<?php
/**
 * The plugin's tables, created and migrated only here, through dbDelta.
 *
 * The sidecar reads and writes these rows but never issues DDL: on SQLite the database
 * drop-in keeps its own catalogue, and a table made behind its back does not exist for $wpdb.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Table names, CREATE TABLE statements and the schema version.
 */
final class Schema {

	/**
	 * Bump whenever a CREATE TABLE statement below changes; maybe_upgrade() then re-runs dbDelta.
	 *
	 * 2: leads get the indexes the Leads list needs: one per sortable column (name, email; each
	 * ends in the primary key, so `ORDER BY x, id` walks it), (stage, created_at) and (source,
	 * created_at) for a filter with the default sort, and narrow name/email/phone indexes a search
	 * scans instead of the table; postcode and email also serve "starts with" searches.
	 *
	 * 3: booking-link tokens issued per quote request (lead_tokens); atomic counters for rate
	 * limits and one-time form stamps (counters).
	 * 4: provider fidelity. Leads get first-touch and latest-touch attribution (UTM
	 * source, medium, campaign, term, content, landing page, referrer, time), indexed by source and
	 * campaign for the Leads filters and the campaign report. Bookings get the seat of a group
	 * session (booking_uid shared by the session's seats, seat_id, seats), the recurring series
	 * (series_id), the meeting's location, the form answers (JSON), who cancelled (and whether host
	 * or invitee), the scope of a cancellation and the stage a no-show mark replaced. Booking
	 * identity stays UNIQUE (provider, external_id): a seat is stored under an id of its own.
	 * Only columns and keys are added, which dbDelta does on SQLite and MySQL alike.
	 */
	public const VERSION = '4';

	/**
	 * Option holding the schema version the current site's tables were built with.
	 */
	public const VERSION_OPTION = 'solar_capture_schema_version';

	/**
	 * Table names without the prefix, keyed by short name.
	 */
	public const TABLES = array(
		'leads'      => 'solar_leads',
		'bookings'   => 'solar_bookings',
		'events'     => 'solar_events',
		'deliveries' => 'solar_deliveries',
		'tokens'     => 'solar_lead_tokens',
		'counters'   => 'solar_counters',
	);

	/**
	 * Full table name for the current site, e.g. wp_solar_leads.
	 *
	 * @param string $name One of the keys of self::TABLES.
	 * @return string
	 */
	public static function table( string $name ): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLES[ $name ];
	}

	/**
	 * Re-run dbDelta (and the rest of the per-site set-up) when the stored version differs.
	 * Cheap on every request: the option is autoloaded.
	 */
	public static function maybe_upgrade(): void {
		if ( self::VERSION === (string) get_option( self::VERSION_OPTION, '' ) ) {
			return;
		}
		Activator::setup_site();
	}

	/**
	 * Create or update the tables and record the schema version.
	 *
	 * @return bool Whether every table exists afterwards.
	 */
	public static function install(): bool {
		global $wpdb;

		if ( ! function_exists( 'dbDelta' ) ) {
			require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		}

		dbDelta( self::get_sql() );

		$ok = true;
		foreach ( array_keys( self::TABLES ) as $name ) {
			$table = self::table( $name );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- checking the schema we just created.
			$found = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) );
			if ( $found !== $table ) {
				$ok = false;
			}
		}

		if ( $ok ) {
			update_option( self::VERSION_OPTION, self::VERSION, true );
		}
		return $ok;
	}

	/**
	 * The CREATE TABLE statements, formatted the way dbDelta needs them: one field per line,
	 * two spaces after PRIMARY KEY, KEY rather than INDEX.
	 *
	 * @return string[]
	 */
	public static function get_sql(): array {
		global $wpdb;

		$collate    = $wpdb->get_charset_collate();
		$leads      = self::table( 'leads' );
		$bookings   = self::table( 'bookings' );
		$events     = self::table( 'events' );
		$deliveries = self::table( 'deliveries' );
		$tokens     = self::table( 'tokens' );
		$counters   = self::table( 'counters' );

		return array(
			"CREATE TABLE $leads (
  id bigint(20) unsigned NOT NULL auto_increment,
  email varchar(190) NOT NULL,
  email_normalized varchar(190) NOT NULL,
  name varchar(190) NOT NULL DEFAULT '',
  phone varchar(64) NOT NULL DEFAULT '',
  postcode varchar(32) NOT NULL DEFAULT '',
  address varchar(255) NOT NULL DEFAULT '',
  monthly_bill decimal(10,2) NULL,
  roof_type varchar(32) NOT NULL DEFAULT '',
  homeowner tinyint(1) NULL,
  message text NULL,
  source varchar(32) NOT NULL DEFAULT '',
  stage varchar(32) NOT NULL DEFAULT 'new',
  stage_changed_at datetime NULL,
  next_booking_at datetime NULL,
  lead_token varchar(64) NOT NULL,
  first_utm_source varchar(191) NOT NULL DEFAULT '',
  first_utm_medium varchar(191) NOT NULL DEFAULT '',
  first_utm_campaign varchar(191) NOT NULL DEFAULT '',
  first_utm_term varchar(191) NOT NULL DEFAULT '',
  first_utm_content varchar(191) NOT NULL DEFAULT '',
  first_landing_page text NULL,
  first_referrer text NULL,
  first_touch_at datetime NULL,
  last_utm_source varchar(191) NOT NULL DEFAULT '',
  last_utm_medium varchar(191) NOT NULL DEFAULT '',
  last_utm_campaign varchar(191) NOT NULL DEFAULT '',
  last_utm_term varchar(191) NOT NULL DEFAULT '',
  last_utm_content varchar(191) NOT NULL DEFAULT '',
  last_landing_page text NULL,
  last_referrer text NULL,
  last_touch_at datetime NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY email_normalized (email_normalized),
  UNIQUE KEY lead_token (lead_token),
  KEY stage (stage),
  KEY created_at (created_at),
  KEY source (source),
  KEY next_booking_at (next_booking_at),
  KEY name (name),
  KEY email (email),
  KEY phone (phone),
  KEY postcode (postcode),
  KEY stage_created_at (stage,created_at),
  KEY source_created_at (source,created_at),
  KEY first_utm_source (first_utm_source),
  KEY first_utm_campaign (first_utm_campaign),
  KEY last_utm_source (last_utm_source),
  KEY last_utm_campaign (last_utm_campaign)
) $collate;",
			"CREATE TABLE $bookings (
  id bigint(20) unsigned NOT NULL auto_increment,
  lead_id bigint(20) unsigned NULL,
  provider varchar(32) NOT NULL DEFAULT '',
  external_id varchar(191) NOT NULL DEFAULT '',
  status varchar(32) NOT NULL DEFAULT '',
  title varchar(255) NULL,
  start_at datetime NULL,
  end_at datetime NULL,
  timezone varchar(64) NULL,
  attendee_email varchar(190) NULL,
  guests text NULL,
  previous_external_id varchar(191) NULL,
  next_external_id varchar(191) NULL,
  cancel_reason text NULL,
  booking_uid varchar(191) NULL,
  seat_id varchar(191) NULL,
  seats int(11) NULL,
  series_id varchar(191) NULL,
  location text NULL,
  location_type varchar(16) NOT NULL DEFAULT '',
  answers longtext NULL,
  cancelled_by text NULL,
  cancelled_by_role varchar(16) NULL,
  cancel_scope varchar(16) NULL,
  pre_no_show_stage varchar(32) NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY provider_external_id (provider,external_id),
  KEY lead_id (lead_id),
  KEY start_at (start_at),
  KEY provider_booking_uid (provider,booking_uid),
  KEY provider_series_id (provider,series_id),
  KEY status_lead_id (status,lead_id)
) $collate;",
			"CREATE TABLE $events (
  id bigint(20) unsigned NOT NULL auto_increment,
  lead_id bigint(20) unsigned NOT NULL,
  type varchar(64) NOT NULL DEFAULT '',
  data longtext NULL,
  actor varchar(190) NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY lead_id (lead_id,id)
) $collate;",
			"CREATE TABLE $deliveries (
  id bigint(20) unsigned NOT NULL auto_increment,
  provider varchar(32) NOT NULL DEFAULT '',
  trigger_name varchar(64) NULL,
  idempotency_key varchar(191) NULL,
  applied_key varchar(191) NULL,
  status varchar(16) NOT NULL DEFAULT 'queued',
  http_status smallint(5) NULL,
  error text NULL,
  body longtext NULL,
  content_type varchar(128) NOT NULL DEFAULT '',
  headers text NULL,
  attempts int(11) NOT NULL DEFAULT 0,
  lead_id bigint(20) unsigned NULL,
  booking_id bigint(20) unsigned NULL,
  result text NULL,
  received_at datetime NOT NULL,
  processed_at datetime NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY applied_key (applied_key),
  KEY status (status),
  KEY idempotency_key (idempotency_key),
  KEY received_at (received_at)
) $collate;",
			"CREATE TABLE $tokens (
  id bigint(20) unsigned NOT NULL auto_increment,
  token varchar(64) NOT NULL,
  lead_id bigint(20) unsigned NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY token (token),
  KEY lead_id (lead_id)
) $collate;",
			"CREATE TABLE $counters (
  bucket varchar(191) NOT NULL,
  hits int(11) NOT NULL DEFAULT 0,
  expires_at datetime NOT NULL,
  PRIMARY KEY  (bucket),
  KEY expires_at (expires_at)
) $collate;",
		);
	}

	/**
	 * Drop the tables of the current site (uninstall only).
	 */
	public static function drop(): void {
		global $wpdb;
		foreach ( array_keys( self::TABLES ) as $name ) {
			$table = self::table( $name );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table names cannot be placeholders.
			$wpdb->query( "DROP TABLE IF EXISTS `$table`" );
		}
		delete_option( self::VERSION_OPTION );
	}
}
