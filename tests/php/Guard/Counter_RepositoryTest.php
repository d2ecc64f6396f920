<?php
/**
 * Guard\Counter_Repository against the real database.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Guard;

use SolarCapture\Guard\Counter_Repository;
use SolarCapture\Schema;
use SolarCapture\Tests\Test_Case;

/**
 * Limits per window, one-time claims, ended windows, pruning.
 */
final class Counter_RepositoryTest extends Test_Case {

	public function test_counts_up_to_the_limit_then_refuses_without_writing(): void {
		$counters = new Counter_Repository();
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertTrue( $counters->hit( 'quote:a', 3, 600 ) );
		}
		$this->assertFalse( $counters->hit( 'quote:a', 3, 600 ) );
		$this->assertSame( 3, $counters->hits( 'quote:a' ) );
		$this->assertTrue( $counters->hit( 'quote:b', 3, 600 ) );
	}

	public function test_an_ended_window_starts_again(): void {
		global $wpdb;
		$counters = new Counter_Repository();
		$this->assertTrue( $counters->hit( 'quote:c', 1, 600 ) );
		$this->assertFalse( $counters->hit( 'quote:c', 1, 600 ) );
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::table( 'counters' ) . ' SET expires_at = %s', gmdate( 'Y-m-d H:i:s', time() - 1 ) ) ); // phpcs:ignore WordPress.DB
		$this->assertSame( 0, $counters->hits( 'quote:c' ) );
		$this->assertTrue( $counters->hit( 'quote:c', 1, 600 ) );
		$this->assertSame( 1, $counters->hits( 'quote:c' ) );
	}

	public function test_a_claim_is_taken_once(): void {
		$counters = new Counter_Repository();
		$this->assertFalse( $counters->taken( 'stamp:x' ) );
		$this->assertTrue( $counters->claim( 'stamp:x', 60 ) );
		$this->assertTrue( $counters->taken( 'stamp:x' ) );
		$this->assertFalse( $counters->claim( 'stamp:x', 60 ) );
	}

	public function test_prunes_ended_windows_only(): void {
		global $wpdb;
		$counters = new Counter_Repository();
		$counters->hit( 'old', 5, 600 );
		$counters->hit( 'live', 5, 600 );
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::table( 'counters' ) . ' SET expires_at = %s WHERE bucket = %s', gmdate( 'Y-m-d H:i:s', time() - 10 ), 'old' ) ); // phpcs:ignore WordPress.DB
		$this->assertSame( 1, $counters->prune( gmdate( 'Y-m-d H:i:s' ) ) );
		$this->assertSame( 1, $counters->hits( 'live' ) );
	}
}
