<?php
/**
 * Settings: "Accept unsigned deliveries" turns itself off after 24 hours.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests;

use PHPUnit\Framework\TestCase;
use SolarCapture\Admin\Notices;
use SolarCapture\Settings;

/**
 * The switch's time, and the notice every wp-admin screen shows while it is on.
 */
final class SettingsTest extends TestCase {

	protected function tearDown(): void {
		Settings::update_provider( 'generic', Settings::unsigned_changes( false ) );
	}

	public function test_on_for_twenty_four_hours_then_off(): void {
		$on = Settings::unsigned_changes( true );
		$this->assertTrue( $on['accept_unsigned'] );
		$this->assertEqualsWithDelta( time() + DAY_IN_SECONDS, strtotime( $on['accept_unsigned_until'] . ' UTC' ), 5 );
		$this->assertSame( $on['accept_unsigned_until'], Settings::unsigned_until( $on ) );

		$this->assertNull( Settings::unsigned_until( array( 'accept_unsigned' => true, 'accept_unsigned_until' => gmdate( 'Y-m-d H:i:s', time() - 1 ) ) ) );
		$this->assertNull( Settings::unsigned_until( array( 'accept_unsigned' => true ) ), 'on without a time is off' );
		$this->assertNull( Settings::unsigned_until( array( 'accept_unsigned' => false, 'accept_unsigned_until' => $on['accept_unsigned_until'] ) ) );
		$this->assertSame( array( 'accept_unsigned' => false, 'accept_unsigned_until' => null ), Settings::unsigned_changes( false ) );
	}

	public function test_the_notice_names_the_tool_while_it_is_on(): void {
		Settings::update_provider( 'generic', array( 'enabled' => true ) + Settings::unsigned_changes( false ) );
		$this->assertSame( '', Notices::unsigned_notice() );
		Settings::update_provider( 'generic', Settings::unsigned_changes( true ) );
		$notice = Notices::unsigned_notice();
		$this->assertStringContainsString( 'notice-warning', $notice );
		$this->assertStringContainsString( 'Solar Capture accepts unsigned booking deliveries', $notice );
		Settings::update_provider( 'generic', array( 'accept_unsigned_until' => gmdate( 'Y-m-d H:i:s', time() - 60 ) ) );
		$this->assertSame( '', Notices::unsigned_notice() );
	}
}
