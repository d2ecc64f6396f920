<?php
/**
 * Integrations\Calendly_Client: the personal access token goes to Calendly's API host only.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Integrations;

use PHPUnit\Framework\TestCase;
use SolarCapture\Http;
use SolarCapture\Integrations\Calendly_Client;

/**
 * An Http that records what would be sent and answers like Calendly's API (no network).
 */
final class Recording_Http extends Http {

	/**
	 * Requests seen.
	 *
	 * @var array
	 */
	public $sent = array();

	/**
	 * Answers by "METHOD path", else 404.
	 *
	 * @var array
	 */
	public $answers = array();

	public function remote( array $request ): array {
		$this->sent[] = $request;
		$key          = $request['method'] . ' ' . wp_parse_url( $request['url'], PHP_URL_PATH );
		$answer       = $this->answers[ $key ] ?? array( 404, array() );
		return array(
			'code'       => $answer[0],
			'body'       => (string) wp_json_encode( $answer[1] ),
			'headers'    => array(),
			'error'      => '',
			'error_code' => '',
		);
	}
}

/**
 * The "replace the existing subscription" path deletes by a URI from Calendly's answer: only on its host.
 */
final class Calendly_ClientTest extends TestCase {

	public function test_same_origin(): void {
		$base = 'https://api.calendly.com';
		$this->assertTrue( Calendly_Client::same_origin( 'https://api.calendly.com/webhook_subscriptions/AAA', $base ) );
		$this->assertTrue( Calendly_Client::same_origin( 'https://API.Calendly.com:443/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'https://evil.example/webhook_subscriptions/AAA', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'http://api.calendly.com/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'https://api.calendly.com:8443/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'https://api.calendly.com.evil.example/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'https://api.calendly.com@evil.example/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( 'https://user:pw@api.calendly.com/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( '//evil.example/x', $base ) );
		$this->assertFalse( Calendly_Client::same_origin( '/webhook_subscriptions/AAA', $base ) );
	}

	private function http_with_existing_subscription( string $uri ): Recording_Http {
		$http          = new Recording_Http();
		$http->answers = array(
			'GET /users/me'                => array( 200, array( 'resource' => array( 'uri' => 'https://api.calendly.com/users/U1', 'current_organization' => 'https://api.calendly.com/organizations/O1' ) ) ),
			'POST /webhook_subscriptions'  => array( 409, array( 'title' => 'Already Exists' ) ),
			'GET /webhook_subscriptions'   => array( 200, array( 'collection' => array( array( 'uri' => $uri, 'callback_url' => 'https://site.example/wp-json/solar-capture/v1/calcom-webhook?provider=calendly' ) ) ) ),
			'DELETE /webhook_subscriptions/AAA' => array( 204, array() ),
		);
		return $http;
	}

	public function test_a_subscription_uri_on_another_host_is_never_called_with_the_token(): void {
		$http   = $this->http_with_existing_subscription( 'https://evil.example/webhook_subscriptions/AAA' );
		$result = ( new Calendly_Client( $http ) )->subscribe( 'secret-token', 'https://site.example/wp-json/solar-capture/v1/calcom-webhook?provider=calendly', str_repeat( 'k', 32 ), true );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'solar_capture_calendly_foreign_host', $result->get_error_code() );
		foreach ( $http->sent as $request ) {
			$this->assertSame( 'api.calendly.com', wp_parse_url( $request['url'], PHP_URL_HOST ) );
		}
		$this->assertNotContains( 'DELETE', array_column( $http->sent, 'method' ) );
	}

	public function test_a_subscription_uri_on_calendlys_host_is_deleted_and_subscribed_again(): void {
		$http   = $this->http_with_existing_subscription( 'https://api.calendly.com/webhook_subscriptions/AAA' );
		$http->answers['POST /webhook_subscriptions'] = array( 409, array() );
		$client = new Calendly_Client( $http );
		$result = $client->subscribe( 'secret-token', 'https://site.example/wp-json/solar-capture/v1/calcom-webhook?provider=calendly', str_repeat( 'k', 32 ), true );
		// Calendly keeps answering 409 in this recording, so the second POST fails, but the DELETE went to Calendly.
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertContains( 'DELETE', array_column( $http->sent, 'method' ) );
		$delete = array_values( array_filter( $http->sent, static fn( $r ) => 'DELETE' === $r['method'] ) )[0];
		$this->assertSame( 'https://api.calendly.com/webhook_subscriptions/AAA', $delete['url'] );
	}
}
