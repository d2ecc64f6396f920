<?php
/**
 * Guard\Client_Address: whose address a request is counted by.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Guard;

use PHPUnit\Framework\TestCase;
use SolarCapture\Guard\Client_Address;

/**
 * X-Forwarded-For only from trusted proxies, read right to left; IPv6 by /64.
 */
final class Client_AddressTest extends TestCase {

	public function test_without_trusted_proxies_the_header_is_ignored(): void {
		$this->assertSame( '203.0.113.7', Client_Address::resolve( '203.0.113.7', '198.51.100.1', array() ) );
	}

	public function test_a_header_from_an_untrusted_sender_is_ignored(): void {
		$this->assertSame( '203.0.113.7', Client_Address::resolve( '203.0.113.7', '198.51.100.1', array( '10.0.0.0/8' ) ) );
	}

	public function test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(): void {
		// The visitor typed a fake first hop; the proxies appended the real one.
		$this->assertSame( '198.51.100.20', Client_Address::resolve( '10.0.0.2', '1.2.3.4, 198.51.100.20, 10.0.0.5', array( '10.0.0.0/8' ) ) );
		$this->assertSame( '198.51.100.20', Client_Address::resolve( '127.0.0.1', '198.51.100.20', array( '127.0.0.1' ) ) );
	}

	public function test_ipv6_proxies_and_ports(): void {
		$this->assertSame( '2001:db8:1:2::9', Client_Address::resolve( 'fd00::1', '[2001:db8:1:2::9]:443', array( 'fd00::/8' ) ) );
		$this->assertSame( '198.51.100.20', Client_Address::resolve( '::ffff:10.0.0.2', '198.51.100.20:5555', array( '10.0.0.0/8' ) ) );
	}

	public function test_a_garbage_hop_stops_the_walk_at_the_last_vouched_address(): void {
		$this->assertSame( '10.0.0.5', Client_Address::resolve( '10.0.0.2', 'not-an-ip, 10.0.0.5', array( '10.0.0.0/8' ) ) );
	}

	public function test_ipv6_counts_by_64_and_ipv4_by_address(): void {
		$this->assertSame( Client_Address::rate_key( '2001:db8:1:2::1' ), Client_Address::rate_key( '2001:db8:1:2:ffff:1:2:3' ) );
		$this->assertNotSame( Client_Address::rate_key( '2001:db8:1:2::1' ), Client_Address::rate_key( '2001:db8:1:3::1' ) );
		$this->assertSame( '203.0.113.7', Client_Address::rate_key( '203.0.113.7' ) );
		$this->assertSame( '203.0.113.7', Client_Address::rate_key( '::ffff:203.0.113.7' ) );
	}

	public function test_cidr_ranges(): void {
		$this->assertTrue( Client_Address::in_any( '10.200.3.4', array( '10.0.0.0/8' ) ) );
		$this->assertFalse( Client_Address::in_any( '11.0.0.1', array( '10.0.0.0/8' ) ) );
		$this->assertTrue( Client_Address::in_any( '172.16.5.1', array( '172.16.0.0/12' ) ) );
		$this->assertFalse( Client_Address::in_any( '172.32.0.1', array( '172.16.0.0/12' ) ) );
		$this->assertTrue( Client_Address::in_any( '2001:db8::5', array( '2001:db8::/32' ) ) );
		$this->assertFalse( Client_Address::in_any( '2001:db9::5', array( '2001:db8::/32', 'nonsense', '10.0.0.0/99' ) ) );
	}
}
