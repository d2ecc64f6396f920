<?php
/**
 * Providers: which variables an env:NAME secret may name (providers.json secret_env_names).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests;

use PHPUnit\Framework\TestCase;
use SolarCapture\Integrations\Test_Delivery;
use SolarCapture\Providers;

/**
 * A secret setting can never point at the server's other variables.
 */
final class ProvidersTest extends TestCase {

	public function test_names_meant_for_secrets_are_allowed(): void {
		foreach ( array( 'CALCOM_WEBHOOK_SECRET', 'SOLAR_CAPTURE_CALCOM', 'CALENDLY_SIGNING_KEY', 'ORUFY_TOKEN', 'SITE2_GENERIC_WEBHOOK_SECRET' ) as $name ) {
			$this->assertTrue( Providers::secret_env_allowed( $name ), $name );
		}
	}

	public function test_other_variables_are_refused(): void {
		foreach ( array( 'DB_PASSWORD', 'HOME', 'PATH', 'AWS_SECRET_ACCESS_KEY', 'WEBHOOK_SECRET_X', 'calcom_webhook_secret', 'SOLAR_CAPTURE_', '_TOKEN', 'X_TOKEN_' ) as $name ) {
			$this->assertFalse( Providers::secret_env_allowed( $name ), $name );
		}
	}

	public function test_a_test_delivery_never_reads_a_refused_variable(): void {
		putenv( 'DB_PASSWORD=the-database-password' );
		try {
			$result = Test_Delivery::resolve_secret( 'env:DB_PASSWORD' );
			$this->assertInstanceOf( \WP_Error::class, $result );
			$this->assertSame( 'solar_capture_secret_env_refused', $result->get_error_code() );
			$this->assertStringNotContainsString( 'the-database-password', $result->get_error_message() );
		} finally {
			putenv( 'DB_PASSWORD' );
		}
	}
}
