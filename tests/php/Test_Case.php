<?php
/**
 * Base of the PHP tests: every test starts with the plugin's tables empty.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests;

use PHPUnit\Framework\TestCase;
use SolarCapture\Schema;

/**
 * Empties the four tables before each test, and makes leads, bookings and events the way the
 * plugin (or, for bookings and their events, the sidecar) writes them.
 */
abstract class Test_Case extends TestCase {

	/**
	 * Empty the tables.
	 */
	protected function setUp(): void {
		global $wpdb;
		foreach ( array_keys( Schema::TABLES ) as $name ) {
			$wpdb->query( 'DELETE FROM ' . Schema::table( $name ) ); // phpcs:ignore WordPress.DB
		}
	}

	/**
	 * Insert a lead.
	 *
	 * @param array $values Columns to set (the rest get defaults).
	 * @return int Lead id.
	 */
	protected function lead( array $values ): int {
		static $n = 0;
		++$n;
		$now = gmdate( 'Y-m-d H:i:s' );
		$id  = ( new \SolarCapture\Leads\Lead_Repository() )->insert(
			$values + array(
				'email'            => "lead{$n}@example.org",
				'name'             => "Lead {$n}",
				'source'           => 'form',
				'stage'            => 'new',
				'stage_changed_at' => $now,
				'lead_token'       => bin2hex( random_bytes( 16 ) ),
				'created_at'       => $now,
				'updated_at'       => $now,
			)
		);
		$this->assertGreaterThan( 0, $id );
		return $id;
	}

	/**
	 * Insert a booking, as the sidecar does.
	 *
	 * @param array $values Columns (lead_id, external_id, attendee_email, guests…).
	 * @return int Booking id.
	 */
	protected function booking( array $values ): int {
		global $wpdb;
		$now = gmdate( 'Y-m-d H:i:s' );
		$wpdb->insert( // phpcs:ignore WordPress.DB
			Schema::table( 'bookings' ),
			$values + array(
				'provider'    => 'calcom',
				'external_id' => 'uid-' . bin2hex( random_bytes( 4 ) ),
				'status'      => 'accepted',
				'title'       => 'Survey call',
				'created_at'  => $now,
				'updated_at'  => $now,
			)
		);
		return (int) $wpdb->insert_id;
	}

	/**
	 * How many rows a table has.
	 *
	 * @param string $name Short table name.
	 * @return int
	 */
	protected function rows_in( string $name ): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::table( $name ) ); // phpcs:ignore WordPress.DB
	}
}
