<?php
/**
 * Guard\Webhook_Guard: floods can fill neither the disk nor the queue.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Guard;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Guard\Counter_Repository;
use SolarCapture\Guard\Webhook_Guard;
use SolarCapture\Schema;
use SolarCapture\Tests\Test_Case;

/**
 * Refused deliveries counted per address, the queue's cap, refused rows pruned.
 */
final class Webhook_GuardTest extends Test_Case {

	private function guard(): Webhook_Guard {
		return new Webhook_Guard( new Counter_Repository(), new Delivery_Repository() );
	}

	private function delivery( string $status, string $received_at, ?string $body = null ): int {
		global $wpdb;
		$wpdb->insert( Schema::table( 'deliveries' ), array( 'provider' => 'calcom', 'status' => $status, 'body' => $body, 'headers' => null, 'received_at' => $received_at ) ); // phpcs:ignore WordPress.DB
		return (int) $wpdb->insert_id;
	}

	private function ids( string $status ): array {
		global $wpdb;
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . Schema::table( 'deliveries' ) . ' WHERE status = %s ORDER BY id', $status ) ) ); // phpcs:ignore WordPress.DB
	}

	public function test_thirty_refused_deliveries_from_one_address_then_429_for_it_only(): void {
		$guard = $this->guard();
		for ( $i = 0; $i < Webhook_Guard::REJECTED_LIMIT - 1; $i++ ) {
			$guard->rejected( '203.0.113.9' );
		}
		$this->assertNull( $guard->refusal( '203.0.113.9' ) );
		$guard->rejected( '203.0.113.9' );
		$this->assertSame( 429, $guard->refusal( '203.0.113.9' )['status'] );
		$this->assertNull( $guard->refusal( '203.0.113.10' ) );
		// IPv6: the whole /64 is one sender.
		for ( $i = 0; $i < Webhook_Guard::REJECTED_LIMIT; $i++ ) {
			$guard->rejected( '2001:db8:1:2::' . dechex( $i + 1 ) );
		}
		$this->assertSame( 429, $guard->refusal( '2001:db8:1:2:ffff::1' )['status'] );
		$this->assertNull( $guard->refusal( '2001:db8:1:3::1' ) );
	}

	public function test_a_full_queue_refuses_everyone_503(): void {
		$guard = $this->guard();
		$this->delivery( 'applied', gmdate( 'Y-m-d H:i:s' ), str_repeat( 'a', 5000 ) ); // Applied: not waiting.
		$cap = static fn() => 4000;
		add_filter( 'solar_capture_queue_max_bytes', $cap );
		try {
			$this->assertNull( $guard->refusal( '203.0.113.9' ) );
			$this->delivery( 'queued', gmdate( 'Y-m-d H:i:s' ), str_repeat( 'b', 3000 ) );
			$this->assertNull( $guard->refusal( '203.0.113.9' ) );
			$this->delivery( 'failed', gmdate( 'Y-m-d H:i:s' ), str_repeat( 'c', 1001 ) );
			$this->assertSame( 503, $guard->refusal( '203.0.113.9' )['status'] );
			$this->assertTrue( $guard->queue_full() );
		} finally {
			remove_filter( 'solar_capture_queue_max_bytes', $cap );
		}
		$this->assertSame( Webhook_Guard::QUEUE_MAX_BYTES, Webhook_Guard::max_bytes() );
		$this->assertNull( $guard->refusal( '203.0.113.9' ) );
	}

	public function test_refused_rows_older_than_seven_days_or_beyond_the_newest_thousand_are_pruned(): void {
		$old    = gmdate( 'Y-m-d H:i:s', time() - 8 * DAY_IN_SECONDS );
		$recent = gmdate( 'Y-m-d H:i:s', time() - 3600 );
		$stale  = $this->delivery( 'rejected', $old );
		$kept   = $this->delivery( 'applied', $old, '{}' );
		$fresh  = array();
		for ( $i = 0; $i < 5; $i++ ) {
			$fresh[] = $this->delivery( 'rejected', $recent );
		}
		$removed = ( new Delivery_Repository() )->prune_rejected( gmdate( 'Y-m-d H:i:s', time() - 7 * DAY_IN_SECONDS ), 3 );
		$this->assertSame( 3, $removed );
		// The old one, and the two oldest of the five beyond the newest three.
		$this->assertSame( array_slice( $fresh, 2 ), $this->ids( 'rejected' ) );
		$this->assertSame( array( $kept ), $this->ids( 'applied' ) );
		$this->assertNotContains( $stale, $this->ids( 'rejected' ) );
		$this->assertSame( 0, ( new Delivery_Repository() )->prune_rejected( gmdate( 'Y-m-d H:i:s', time() - 7 * DAY_IN_SECONDS ), 3 ) );
	}
}
