<?php
/**
 * A lead's timeline: the events table.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Providers;
use SolarCapture\Repository;
use SolarCapture\Rest\Format;

defined( 'ABSPATH' ) || exit;

/**
 * Writes and reads timeline events, and names who made them. Every change to a lead, by hand or
 * by a webhook (the sidecar writes its own rows in the same shape), is one event.
 */
class Timeline extends Repository {

	/**
	 * Most events returned with one lead.
	 */
	public const MAX_EVENTS = 500;

	/**
	 * Most rows of other leads a privacy search returns.
	 */
	public const MAX_MENTIONS = 500;

	/**
	 * Actor labels worked out so far in this request.
	 *
	 * @var array<string,string>
	 */
	private $labels = array();

	/**
	 * Write an event.
	 *
	 * @param int    $lead_id Lead id.
	 * @param string $type    Event type.
	 * @param array  $data    Event data (stored as JSON).
	 * @param string $actor   Who made it: `user:<id>`, `form`, a provider id…
	 * @return int Event id, 0 on failure.
	 */
	public function add( int $lead_id, string $type, array $data, string $actor ): int {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		$ok = $this->db->insert(
			$this->table( 'events' ),
			array(
				'lead_id'    => $lead_id,
				'type'       => $type,
				'data'       => (string) wp_json_encode( (object) $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ),
				'actor'      => $actor,
				'created_at' => gmdate( 'Y-m-d H:i:s' ),
			),
			array( '%d', '%s', '%s', '%s', '%s' )
		);
		return $ok ? (int) $this->db->insert_id : 0;
	}

	/**
	 * One event row.
	 *
	 * @param int $id Event id.
	 * @return array|null
	 */
	public function find( int $id ): ?array {
		return $this->row( "SELECT * FROM {$this->table( 'events' )} WHERE id = %d", array( $id ) );
	}

	/**
	 * A note of one lead.
	 *
	 * @param int $lead_id Lead id.
	 * @param int $id      Event id.
	 * @return array|null
	 */
	public function find_note( int $lead_id, int $id ): ?array {
		return $this->row( "SELECT * FROM {$this->table( 'events' )} WHERE id = %d AND lead_id = %d AND type = %s", array( $id, $lead_id, 'note' ) );
	}

	/**
	 * Delete one event.
	 *
	 * @param int $id Event id.
	 * @return bool Whether a row was deleted.
	 */
	public function delete( int $id ): bool {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		return (bool) $this->db->delete( $this->table( 'events' ), array( 'id' => $id ), array( '%d' ) );
	}

	/**
	 * A lead's latest events, newest first (at most MAX_EVENTS).
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	public function latest( int $lead_id ): array {
		return (array) $this->rows( "SELECT * FROM {$this->table( 'events' )} WHERE lead_id = %d ORDER BY id DESC LIMIT %d", array( $lead_id, self::MAX_EVENTS ) );
	}

	/**
	 * How many events of a type a lead has had since a time.
	 *
	 * @param int    $lead_id Lead id.
	 * @param string $type    Event type.
	 * @param string $since   UTC time (Y-m-d H:i:s).
	 * @return int|null Null on a database error.
	 */
	public function count_since( int $lead_id, string $type, string $since ): ?int {
		return $this->count( "SELECT COUNT(*) FROM {$this->table( 'events' )} WHERE lead_id = %d AND type = %s AND created_at >= %s", array( $lead_id, $type, $since ) );
	}

	/**
	 * Every event of a lead, oldest first (the personal data export).
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	public function all_of( int $lead_id ): array {
		return (array) $this->rows( "SELECT id, type, data, actor, created_at FROM {$this->table( 'events' )} WHERE lead_id = %d ORDER BY id", array( $lead_id ) );
	}

	/**
	 * Events of other leads whose data contains any of $texts (an e-mail address as typed,
	 * lower-cased, URL-encoded: see Privacy::email_variants()).
	 *
	 * @param string[] $texts   Texts to find.
	 * @param int      $lead_id The lead whose own events are left out (0: none).
	 * @return array[]
	 */
	public function mentioning( array $texts, int $lead_id ): array {
		if ( ! $texts ) {
			return array();
		}
		$where = implode( ' OR ', array_fill( 0, count( $texts ), 'data LIKE %s' ) );
		return (array) $this->rows(
			"SELECT id, lead_id, type, data, created_at FROM {$this->table( 'events' )} WHERE ($where) AND lead_id <> %d ORDER BY id LIMIT %d",
			array_merge( $this->contains_any( $texts ), array( $lead_id, self::MAX_MENTIONS ) )
		);
	}

	/**
	 * Replace an event's stored data.
	 *
	 * @param int    $id   Event id.
	 * @param string $data JSON text.
	 * @return int Rows changed.
	 */
	public function replace_data( int $id, string $data ): int {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		return (int) $this->db->update( $this->table( 'events' ), array( 'data' => $data ), array( 'id' => $id ) );
	}

	/**
	 * One event as the REST API shows it.
	 *
	 * @param array $row Event row.
	 * @return array
	 */
	public function present( array $row ): array {
		$actor = Format::str( $row['actor'] ?? null );
		return array(
			'id'          => (int) ( $row['id'] ?? 0 ),
			'lead_id'     => (int) ( $row['lead_id'] ?? 0 ),
			'type'        => Format::str( $row['type'] ?? null ),
			'data'        => Format::json( $row['data'] ?? null, new \stdClass() ),
			'actor'       => $actor,
			'actor_label' => $this->actor_label( $actor ),
			'created_at'  => Format::datetime( $row['created_at'] ?? null ),
		);
	}

	/**
	 * Human name of an event's actor: a user's display name, the quote form, a provider's label,
	 * or the actor itself.
	 *
	 * @param string $actor Stored actor.
	 * @return string
	 */
	public function actor_label( string $actor ): string {
		if ( isset( $this->labels[ $actor ] ) ) {
			return $this->labels[ $actor ];
		}
		$label = $actor;
		if ( preg_match( '/^user:(\d+)$/', $actor, $m ) ) {
			$user  = get_userdata( (int) $m[1] );
			$label = $user ? $user->display_name : __( 'Deleted user', 'solar-capture' );
		} elseif ( 'form' === $actor ) {
			$label = __( 'Quote form', 'solar-capture' );
		} else {
			$label = Providers::labels()[ $actor ] ?? $actor;
		}
		$this->labels[ $actor ] = $label;
		return $label;
	}
}
