<?php
/**
 * The deliveries table (inbox and log), as PHP reads and writes it.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Deliveries;

use SolarCapture\Repository;

defined( 'ABSPATH' ) || exit;

/**
 * Store a delivery as it arrived, list the log (never the body), queue a failed delivery again,
 * count by status, and find or erase the stored bodies about a person (privacy tools).
 */
class Delivery_Repository extends Repository {

	/**
	 * Statuses a delivery can have.
	 */
	public const STATUSES = array( 'queued', 'processing', 'applied', 'duplicate', 'ignored', 'rejected', 'failed' );

	/**
	 * Most deliveries a privacy search returns.
	 */
	public const MAX_MENTIONS = 500;

	/**
	 * Insert a delivery row, status `queued`, outside any transaction (autocommit).
	 *
	 * A prepared INSERT rather than $wpdb->insert(): insert() first reads the table's column
	 * metadata (SHOW FULL COLUMNS) on every request; query() does so only for non-ASCII text.
	 *
	 * @param string $provider     Provider id.
	 * @param string $body         Raw body.
	 * @param string $content_type Content-Type header.
	 * @param array  $headers      Stored headers.
	 * @return int Delivery id, 0 on failure.
	 */
	public function insert_queued( string $provider, string $body, string $content_type, array $headers ): int {
		$json = wp_json_encode( (object) $headers, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		try {
			$inserted = $this->execute(
				"INSERT INTO `{$this->table( 'deliveries' )}` (provider, status, body, content_type, headers, attempts, received_at) VALUES (%s, %s, %s, %s, %s, %d, %s)",
				array( $provider, 'queued', $body, $content_type, false === $json ? '{}' : $json, 0, gmdate( 'Y-m-d H:i:s' ) )
			);
		} catch ( \Throwable $e ) {
			$inserted = false;
		}
		return $inserted ? (int) $this->db->insert_id : 0;
	}

	/**
	 * A page of the log, newest first, and the number of deliveries matching.
	 *
	 * @param string   $provider Provider id ('' for all).
	 * @param string[] $statuses Statuses (none for all).
	 * @param int      $per_page Page size.
	 * @param int      $page     Page number (from 1).
	 * @return array{rows:array[], total:int}
	 */
	public function page( string $provider, array $statuses, int $per_page, int $page ): array {
		$where = array( '1=1' );
		$args  = array();
		if ( '' !== $provider ) {
			$where[] = 'provider = %s';
			$args[]  = $provider;
		}
		$statuses = array_values( array_intersect( $statuses, self::STATUSES ) );
		if ( $statuses ) {
			$where[] = 'status IN (' . self::placeholders( count( $statuses ), '%s' ) . ')';
			$args    = array_merge( $args, $statuses );
		}
		$table = $this->table( 'deliveries' );
		$where = implode( ' AND ', $where );
		return array(
			'total' => (int) $this->count( "SELECT COUNT(*) FROM $table WHERE $where", $args ),
			'rows'  => (array) $this->rows(
				"SELECT id, provider, trigger_name, status, http_status, error, attempts, lead_id, booking_id, received_at, processed_at, result FROM $table WHERE $where ORDER BY id DESC LIMIT %d OFFSET %d",
				array_merge( $args, array( $per_page, ( max( 1, $page ) - 1 ) * $per_page ) )
			),
		);
	}

	/**
	 * What replay needs of a delivery.
	 *
	 * @param int $id Delivery id.
	 * @return array{id:string, provider:string, status:string, body:?string}|null
	 */
	public function find( int $id ): ?array {
		return $this->row( "SELECT id, provider, status, body FROM {$this->table( 'deliveries' )} WHERE id = %d", array( $id ) );
	}

	/**
	 * Put a failed delivery back in the queue.
	 *
	 * @param int $id Delivery id.
	 * @return bool Whether it was failed (and is now queued).
	 */
	public function requeue_failed( int $id ): bool {
		return (bool) $this->execute( "UPDATE {$this->table( 'deliveries' )} SET status = 'queued', error = NULL WHERE id = %d AND status = 'failed'", array( $id ) );
	}

	/**
	 * How many deliveries have each of $statuses.
	 *
	 * @param string[] $statuses Statuses.
	 * @return array<string,int>
	 */
	public function count_by_status( array $statuses ): array {
		$counts = array_fill_keys( $statuses, 0 );
		$rows   = (array) $this->rows(
			"SELECT status, COUNT(*) AS n FROM {$this->table( 'deliveries' )} WHERE status IN (" . self::placeholders( count( $statuses ), '%s' ) . ') GROUP BY status',
			$statuses
		);
		foreach ( $rows as $row ) {
			$counts[ $row['status'] ] = (int) $row['n'];
		}
		return $counts;
	}

	/**
	 * When the oldest delivery with one of $statuses was received (UTC), or null when there is none.
	 *
	 * @param string[] $statuses Statuses.
	 * @return string|null
	 */
	public function oldest_received( array $statuses ): ?string {
		$row = $this->row(
			"SELECT MIN(received_at) AS oldest FROM {$this->table( 'deliveries' )} WHERE status IN (" . self::placeholders( count( $statuses ), '%s' ) . ')',
			$statuses
		);
		return $row && $row['oldest'] ? (string) $row['oldest'] : null;
	}

	/**
	 * Deliveries that still have a body and are linked to $lead_id or contain one of $texts
	 * (LIKE: the caller checks each body), in id order from $after.
	 *
	 * @param string[] $texts   Texts to find in the body.
	 * @param int      $lead_id A lead (0: none).
	 * @param int      $after   Only ids above this.
	 * @param int      $limit   Most rows.
	 * @return array[]
	 */
	public function with_body_about( array $texts, int $lead_id, int $after = 0, int $limit = self::MAX_MENTIONS ): array {
		$about = $this->about( $texts, $lead_id );
		if ( ! $about ) {
			return array();
		}
		return (array) $this->rows(
			"SELECT id, provider, trigger_name, status, body, lead_id, received_at FROM {$this->table( 'deliveries' )} WHERE body IS NOT NULL AND ({$about['sql']}) AND id > %d ORDER BY id LIMIT %d",
			array_merge( $about['args'], array( $after, $limit ) )
		);
	}

	/**
	 * Drop the body and headers of these deliveries (their log entries stay).
	 *
	 * @param int[] $ids Delivery ids.
	 * @return int How many lost their body.
	 */
	public function erase_bodies( array $ids ): int {
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return 0;
		}
		return (int) $this->execute( "UPDATE {$this->table( 'deliveries' )} SET body = NULL, headers = NULL WHERE body IS NOT NULL AND id IN (" . self::placeholders( count( $ids ) ) . ')', $ids );
	}

	/**
	 * Bytes of the stored bodies of deliveries still waiting (queued or failed: kept for a retry).
	 *
	 * @return int
	 */
	public function waiting_bytes(): int {
		return (int) $this->count( "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM {$this->table( 'deliveries' )} WHERE status IN ('queued', 'failed') AND body IS NOT NULL" );
	}

	/**
	 * Remove refused deliveries received before $before, and those beyond the newest $keep
	 * (at most 500 rows a call; ids are read first, as MySQL refuses LIMIT inside IN).
	 *
	 * @param string $before UTC time.
	 * @param int    $keep   Refused rows kept at most.
	 * @return int Rows removed.
	 */
	public function prune_rejected( string $before, int $keep ): int {
		$table = $this->table( 'deliveries' );
		$cut   = (int) $this->count( "SELECT id FROM $table WHERE status = 'rejected' ORDER BY id DESC LIMIT 1 OFFSET %d", array( max( 0, $keep - 1 ) ) );
		$rows  = $this->rows(
			"SELECT id FROM $table WHERE status = 'rejected' AND (received_at < %s OR id < %d) ORDER BY id LIMIT 500",
			array( $before, $cut )
		);
		$ids   = array_map( 'intval', array_column( (array) $rows, 'id' ) );
		if ( ! $ids ) {
			return 0;
		}
		return (int) $this->execute( "DELETE FROM $table WHERE status = 'rejected' AND id IN (" . self::placeholders( count( $ids ) ) . ')', $ids );
	}

	/**
	 * `body LIKE … OR … OR lead_id = …`.
	 *
	 * @param string[] $texts   Texts to find in the body.
	 * @param int      $lead_id A lead (0: none).
	 * @return array{sql:string, args:array}|null Null when there is nothing to look for.
	 */
	private function about( array $texts, int $lead_id ): ?array {
		$where = array_fill( 0, count( $texts ), 'body LIKE %s' );
		$args  = $this->contains_any( $texts );
		if ( $lead_id > 0 ) {
			$where[] = 'lead_id = %d';
			$args[]  = $lead_id;
		}
		return $where ? array(
			'sql'  => implode( ' OR ', $where ),
			'args' => $args,
		) : null;
	}
}
