<?php
/**
 * The leads table: one lead at a time (the list is Lead_Query's).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Repository;

defined( 'ABSPATH' ) || exit;

/**
 * Find, create, update and delete leads; move a lead's stage only from the stage it was read in.
 */
class Lead_Repository extends Repository {

	/**
	 * An e-mail address as leads are matched on it: trimmed and lower-cased.
	 *
	 * @param string $email E-mail address.
	 * @return string
	 */
	public static function normalize_email( string $email ): string {
		return strtolower( trim( $email ) );
	}

	/**
	 * One lead.
	 *
	 * @param int $id Lead id.
	 * @return array|null
	 */
	public function find( int $id ): ?array {
		return $id > 0 ? $this->row( "SELECT * FROM {$this->table( 'leads' )} WHERE id = %d", array( $id ) ) : null;
	}

	/**
	 * Several leads, keyed by id (unknown ids are missing).
	 *
	 * @param int[] $ids Lead ids.
	 * @return array<int,array>|null Null on a database error.
	 */
	public function find_many( array $ids ): ?array {
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$rows = $this->rows( "SELECT * FROM {$this->table( 'leads' )} WHERE id IN (" . self::placeholders( count( $ids ) ) . ')', $ids );
		if ( null === $rows ) {
			return null;
		}
		$found = array();
		foreach ( $rows as $row ) {
			$found[ (int) $row['id'] ] = $row;
		}
		return $found;
	}

	/**
	 * The lead with this e-mail address (compared normalised).
	 *
	 * @param string $email E-mail address.
	 * @return array|null
	 */
	public function find_by_email( string $email ): ?array {
		return $this->row( "SELECT * FROM {$this->table( 'leads' )} WHERE email_normalized = %s", array( self::normalize_email( $email ) ) );
	}

	/**
	 * The lead a booking token names: the lead whose lead_token it is, else the lead a quote request's
	 * token was issued for (solar_lead_tokens): the same match the sidecar makes for a booking that
	 * carries the token back (findLeadByToken).
	 *
	 * @param string $token Token from a booking link.
	 * @return int Lead id, 0 when no lead has it.
	 */
	public function find_id_by_token( string $token ): int {
		if ( ! preg_match( '/^[A-Za-z0-9_-]{16,64}$/', $token ) ) {
			return 0;
		}
		$id = (int) $this->count( "SELECT id FROM {$this->table( 'leads' )} WHERE lead_token = %s", array( $token ) );
		return $id ? $id : (int) $this->count( "SELECT lead_id FROM {$this->table( 'tokens' )} WHERE token = %s", array( $token ) );
	}

	/**
	 * The id of another lead that has this e-mail address.
	 *
	 * @param string $email   E-mail address.
	 * @param int    $lead_id The lead to leave out.
	 * @return int|null
	 */
	public function email_owner( string $email, int $lead_id ): ?int {
		$id = $this->count( "SELECT id FROM {$this->table( 'leads' )} WHERE email_normalized = %s AND id <> %d", array( self::normalize_email( $email ), $lead_id ) );
		return $id ? $id : null;
	}

	/**
	 * Insert a lead.
	 *
	 * @param array $values Columns and values (email_normalized is added from email).
	 * @return int Lead id, 0 on failure (a lead with this e-mail exists, or a database error).
	 */
	public function insert( array $values ): int {
		$values['email_normalized'] = self::normalize_email( (string) ( $values['email'] ?? '' ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		$ok = $this->db->insert( $this->table( 'leads' ), $values, $this->formats( $values ) );
		return $ok ? (int) $this->db->insert_id : 0;
	}

	/**
	 * Change columns of a lead.
	 *
	 * @param int   $id      Lead id.
	 * @param array $changes Columns and values (null writes NULL).
	 * @return bool False on a database error.
	 */
	public function update( int $id, array $changes ): bool {
		if ( isset( $changes['email'] ) ) {
			$changes['email_normalized'] = self::normalize_email( (string) $changes['email'] );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		return false !== $this->db->update( $this->table( 'leads' ), $changes, array( 'id' => $id ), $this->formats( $changes ), array( '%d' ) );
	}

	/**
	 * Write a lead's first touch, only while it has none (compare and set: a webhook may write one
	 * between a read and this write; a first touch is never overwritten).
	 *
	 * @param int                  $id      Lead id.
	 * @param array<string,string> $columns first_* columns, first_touch_at among them.
	 * @return bool Whether it was written.
	 */
	public function set_first_touch( int $id, array $columns ): bool {
		$columns = array_filter( $columns, static fn( $key ) => 1 === preg_match( '/^first_[a-z_]+$/', $key ) && isset( Lead_Fields::all()[ $key ] ), ARRAY_FILTER_USE_KEY );
		if ( ! isset( $columns['first_touch_at'] ) ) {
			return false;
		}
		$sets = implode( ', ', array_map( static fn( $key ) => "$key = %s", array_keys( $columns ) ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- plugin table; column names from lead-fields.json.
		$done = $this->db->query( $this->db->prepare( "UPDATE {$this->table( 'leads' )} SET $sets WHERE id = %d AND first_touch_at IS NULL", array_merge( array_values( $columns ), array( $id ) ) ) );
		return (bool) $done;
	}

	/**
	 * Move a lead to $to, but only while it is still in $from (compare and set: a webhook may
	 * move it between a read and this write). Null for $from: whatever its stage.
	 *
	 * @param int         $id   Lead id.
	 * @param string|null $from The stage it was read in.
	 * @param string      $to   The new stage.
	 * @param string      $now  UTC time.
	 * @return int|false 1 when moved, 0 when it was no longer in $from, false on a database error.
	 */
	public function move_stage( int $id, ?string $from, string $to, string $now ) {
		$where  = array( 'id' => $id );
		$format = array( '%d' );
		if ( null !== $from ) {
			$where['stage'] = $from;
			$format[]       = '%s';
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		$changed = $this->db->update(
			$this->table( 'leads' ),
			array(
				'stage'            => $to,
				'stage_changed_at' => $now,
				'updated_at'       => $now,
			),
			$where,
			array( '%s', '%s', '%s' ),
			$format
		);
		return false === $changed ? false : (int) $changed;
	}

	/**
	 * Delete leads with their bookings, timelines and booking-link tokens; their deliveries stay in
	 * the log, unlinked. Five statements whatever the number of leads.
	 *
	 * @param int[] $ids Lead ids.
	 * @return bool Whether every statement succeeded.
	 */
	public function delete( array $ids ): bool {
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return true;
		}
		$in = self::placeholders( count( $ids ) );
		$ok = true;
		foreach ( array(
			"DELETE FROM {$this->table( 'events' )} WHERE lead_id IN ($in)",
			"DELETE FROM {$this->table( 'bookings' )} WHERE lead_id IN ($in)",
			"DELETE FROM {$this->table( 'tokens' )} WHERE lead_id IN ($in)",
			"UPDATE {$this->table( 'deliveries' )} SET lead_id = NULL, booking_id = NULL WHERE lead_id IN ($in)",
			"DELETE FROM {$this->table( 'leads' )} WHERE id IN ($in)",
		) as $statement ) {
			$ok = false !== $this->execute( $statement, $ids ) && $ok;
		}
		return $ok;
	}

	/**
	 * $wpdb formats of the columns given.
	 *
	 * @param array $values Columns and values.
	 * @return string[]
	 */
	private function formats( array $values ): array {
		return array_map( array( Lead_Fields::class, 'format' ), array_keys( $values ) );
	}
}
