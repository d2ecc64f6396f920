<?php
/**
 * Counters that hold under concurrency: rate limits, the webhook's rejected deliveries per address,
 * and one-time form stamps.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Guard;

use SolarCapture\Repository;

defined( 'ABSPATH' ) || exit;

/**
 * The counters table. Every change is one conditional statement whose affected-row count decides,
 * so that two PHP workers (php -S, PHP-FPM) can never both take the last place in a window:
 * transients read and write in two steps and would let them. Works the same on MySQL/MariaDB and
 * WordPress's SQLite drop-in (each statement is atomic on both).
 */
class Counter_Repository extends Repository {

	/**
	 * Count one hit in $bucket unless it already has $limit in its current window.
	 *
	 * @param string $bucket Counter name (at most 191 characters).
	 * @param int    $limit  Most hits per window (0 or less: no limit).
	 * @param int    $window Window length in seconds, from its first hit.
	 * @return bool Whether the hit was counted (false: the limit was reached, or a database error).
	 */
	public function hit( string $bucket, int $limit, int $window ): bool {
		$limit = $limit > 0 ? $limit : PHP_INT_MAX;
		$now   = gmdate( 'Y-m-d H:i:s' );
		$until = gmdate( 'Y-m-d H:i:s', time() + max( 1, $window ) );
		$table = $this->table( 'counters' );

		for ( $attempt = 0; $attempt < 2; $attempt++ ) {
			// The usual case: a live window with room left.
			if ( 1 === $this->execute( "UPDATE $table SET hits = hits + 1 WHERE bucket = %s AND expires_at > %s AND hits < %d", array( $bucket, $now, $limit ) ) ) {
				return true;
			}
			// An ended window starts again (only one of two concurrent requests matches).
			if ( 1 === $this->execute( "UPDATE $table SET hits = 1, expires_at = %s WHERE bucket = %s AND expires_at <= %s", array( $until, $bucket, $now ) ) ) {
				return true;
			}
			// A first hit (a concurrent first hit makes this write nothing: count again).
			if ( 1 === $this->execute( "INSERT IGNORE INTO $table (bucket, hits, expires_at) VALUES (%s, 1, %s)", array( $bucket, $until ) ) ) {
				return true;
			}
			if ( $this->live_hits( $bucket, $now ) >= $limit ) {
				return false;
			}
		}
		return false;
	}

	/**
	 * Hits in $bucket's current window (0 when it has none or it ended).
	 *
	 * @param string $bucket Counter name.
	 * @return int
	 */
	public function hits( string $bucket ): int {
		return $this->live_hits( $bucket, gmdate( 'Y-m-d H:i:s' ) );
	}

	/**
	 * Take $bucket once for $ttl seconds: true the first time, false while it is taken.
	 *
	 * @param string $bucket Name (a one-time stamp, say).
	 * @param int    $ttl    Seconds it stays taken.
	 * @return bool
	 */
	public function claim( string $bucket, int $ttl ): bool {
		return $this->hit( $bucket, 1, $ttl );
	}

	/**
	 * Whether $bucket is taken (claim()) or has hits in its current window.
	 *
	 * @param string $bucket Name.
	 * @return bool
	 */
	public function taken( string $bucket ): bool {
		return $this->hits( $bucket ) > 0;
	}

	/**
	 * Remove counters whose window ended before $before (UTC), at most $limit.
	 *
	 * @param string $before UTC time.
	 * @param int    $limit  Most rows.
	 * @return int Rows removed.
	 */
	public function prune( string $before, int $limit = 1000 ): int {
		$table   = $this->table( 'counters' );
		$buckets = (array) $this->db->get_col( $this->prepare( "SELECT bucket FROM $table WHERE expires_at < %s ORDER BY expires_at LIMIT %d", array( $before, $limit ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see Repository.
		if ( ! $buckets ) {
			return 0;
		}
		return (int) $this->execute( "DELETE FROM $table WHERE expires_at < %s AND bucket IN (" . self::placeholders( count( $buckets ), '%s' ) . ')', array_merge( array( $before ), $buckets ) );
	}

	/**
	 * Hits of a live window.
	 *
	 * @param string $bucket Counter name.
	 * @param string $now    UTC time.
	 * @return int
	 */
	private function live_hits( string $bucket, string $now ): int {
		return (int) $this->count( "SELECT hits FROM {$this->table( 'counters' )} WHERE bucket = %s AND expires_at > %s", array( $bucket, $now ) );
	}
}
