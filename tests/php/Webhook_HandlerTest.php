<?php
/**
 * Webhook_Handler::credential_at_rest(): a shared secret is never stored as it is.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests;

use PHPUnit\Framework\TestCase;
use SolarCapture\Providers;
use SolarCapture\Webhook_Handler;

/**
 * The same fingerprints as the sidecar's credentialAtRest (sidecar/src/verify.ts).
 */
final class Webhook_HandlerTest extends TestCase {

	public function test_the_headers_that_carry_a_secret(): void {
		$this->assertSame( array( 'authorization', 'x-webhook-secret', 'query:token' ), Providers::secret_headers() );
	}

	public function test_a_secret_rests_as_its_sha256(): void {
		$print = 'sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0'; // sha256sum of "s3cret".
		$this->assertSame( 'Bearer ' . $print, Webhook_Handler::credential_at_rest( 'authorization', 'Bearer s3cret' ) );
		$this->assertSame( 'Bearer ' . $print, Webhook_Handler::credential_at_rest( 'authorization', 'bearer  s3cret ' ) );
		$this->assertSame( $print, Webhook_Handler::credential_at_rest( 'x-webhook-secret', 's3cret' ) );
		$this->assertSame( $print, Webhook_Handler::credential_at_rest( 'query:token', 's3cret' ) );
		$this->assertSame( 'sha256:' . hash( 'sha256', 'Basic dXNlcjpwdw==' ), Webhook_Handler::credential_at_rest( 'authorization', 'Basic dXNlcjpwdw==' ) );
	}
}
