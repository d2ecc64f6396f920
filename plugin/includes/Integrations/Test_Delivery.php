<?php
/**
 * The Integrations screen's test delivery: signed as the provider signs, posted to the public route.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Integrations;

use SolarCapture\Contract;
use SolarCapture\Http;
use SolarCapture\Providers;
use SolarCapture\Settings;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Builds each provider's test delivery from providers.json (`test`: the body and how it is
 * signed), sends it through the site's own webhook URL and reports the answer. The sidecar
 * answers each one `ignored` (200, "Test delivery received") after the real signature check.
 */
class Test_Delivery {

	/**
	 * The HTTP client.
	 *
	 * @var Http
	 */
	private $http;

	/**
	 * Constructor.
	 *
	 * @param Http $http The HTTP client.
	 */
	public function __construct( Http $http ) {
		$this->http = $http;
	}

	/**
	 * Sign a test delivery with the provider's current secret, post it to the public webhook URL
	 * and report the answer.
	 *
	 * @param string $provider Provider id.
	 * @return array{provider:string, url:string, signed:bool, http_status:int, status:?string, message:string, delivery_id:?int}|WP_Error
	 */
	public function send( string $provider ) {
		$settings = Settings::get_provider( $provider );
		$secret   = self::resolve_secret( $settings['secret'] ?? '' );
		if ( is_wp_error( $secret ) ) {
			return $secret;
		}

		$delivery = self::build( $provider, $secret );
		$url      = Providers::webhook_url( $provider );
		$result   = $this->http->request(
			array(
				'method'     => 'POST',
				'url'        => $url,
				'headers'    => $delivery['headers'],
				'body'       => $delivery['body'],
				'connect_ms' => 3000,
				// The route waits up to 15 s for the sidecar.
				'total_ms'   => 25000,
				'user_agent' => 'Solar Capture test delivery',
			)
		);

		$body = json_decode( $result['body'], true );
		$body = is_array( $body ) ? $body : array();
		if ( 0 === $result['code'] ) {
			$status  = 'unreachable';
			$message = sprintf(
				/* translators: 1: the webhook URL, 2: the error. */
				__( 'The test delivery could not reach %1$s: %2$s', 'solar-capture' ),
				$url,
				$result['error']
			);
		} else {
			$status  = isset( $body['status'] ) && is_string( $body['status'] ) ? $body['status'] : ( isset( $body['code'] ) && is_string( $body['code'] ) ? $body['code'] : null );
			$message = isset( $body['message'] ) && is_scalar( $body['message'] ) ? (string) $body['message'] : '';
			if ( $result['code'] >= 300 && $result['code'] < 400 ) {
				$message = sprintf(
					/* translators: 1: HTTP status, 2: the address it redirects to. */
					__( 'The webhook URL answered with a redirect (HTTP %1$d to %2$s). Booking tools do not follow redirects.', 'solar-capture' ),
					$result['code'],
					(string) $result['redirect_url']
				);
			} elseif ( '' === $message ) {
				/* translators: %d: HTTP status. */
				$message = sprintf( __( 'The webhook URL answered HTTP %d.', 'solar-capture' ), $result['code'] );
			}
		}

		return array(
			'provider'    => $provider,
			'url'         => $url,
			'signed'      => null !== $secret,
			'http_status' => (int) $result['code'],
			'status'      => $status,
			'message'     => $message,
			'delivery_id' => isset( $body['delivery_id'] ) && is_numeric( $body['delivery_id'] ) ? (int) $body['delivery_id'] : null,
		);
	}

	/**
	 * The provider's current secret: the stored one, an `env:NAME` reference resolved from PHP's
	 * environment, or null when none is set (the test then goes unsigned, as the tool would).
	 *
	 * @param mixed $stored Stored secret.
	 * @return string|null|WP_Error
	 */
	public static function resolve_secret( $stored ) {
		if ( ! is_string( $stored ) || '' === $stored ) {
			return null;
		}
		if ( ! Settings::is_env_reference( $stored ) ) {
			return $stored;
		}
		$name = substr( $stored, 4 );
		if ( ! Providers::secret_env_allowed( $name ) ) {
			return new WP_Error( 'solar_capture_secret_env_refused', Providers::secret_env_refusal( $name ), array( 'status' => 409 ) );
		}
		$value = getenv( $name );
		if ( ! is_string( $value ) || '' === $value ) {
			// phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- compared, never output.
			$value = isset( $_SERVER[ $name ] ) && is_string( $_SERVER[ $name ] ) ? $_SERVER[ $name ] : '';
		}
		if ( '' === $value ) {
			return new WP_Error(
				'solar_capture_secret_not_visible',
				sprintf(
					/* translators: %s: environment variable name. */
					__( 'The secret is read from the sidecar\'s environment variable %s, which WordPress cannot see, so the test delivery cannot be signed here. Send a test from the booking tool instead.', 'solar-capture' ),
					$name
				),
				array( 'status' => 409 )
			);
		}
		return $value;
	}

	/**
	 * A provider's test delivery, signed the way the tool signs its own (providers.json `test`).
	 *
	 * @param string      $provider Provider id.
	 * @param string|null $secret   Secret, null for an unsigned delivery.
	 * @param int|null    $now      Unix time (default now).
	 * @return array{body:string, headers:string[]}
	 */
	public static function build( string $provider, ?string $secret, ?int $now = null ): array {
		$now  = null === $now ? time() : $now;
		$test = self::declaration( $provider );
		$raw  = (string) wp_json_encode( self::fill( $test->body ?? new \stdClass(), gmdate( 'Y-m-d\TH:i:s.000\Z', $now ) ), JSON_UNESCAPED_SLASHES );

		$headers = array( 'Content-Type: application/json' );
		$signing = $test->signing ?? new \stdClass();
		$header  = (string) ( $signing->header ?? '' );
		switch ( $signing->scheme ?? '' ) {
			case 'hmac-sha256-hex':
				$value = null === $secret ? ( $signing->unsigned ?? null ) : hash_hmac( 'sha256', $raw, $secret );
				break;
			case 'calendly-timestamped-hmac':
				$value = null === $secret ? null : 't=' . $now . ',v1=' . hash_hmac( 'sha256', $now . '.' . $raw, $secret );
				break;
			case 'bearer':
				$value = null === $secret ? null : 'Bearer ' . $secret;
				break;
			default:
				$value = null;
		}
		if ( null !== $value && '' !== $header ) {
			$headers[] = $header . ': ' . $value;
		}
		foreach ( (array) ( $test->headers ?? array() ) as $name => $extra ) {
			$headers[] = $name . ': ' . $extra;
		}

		return array(
			'body'    => $raw,
			'headers' => $headers,
		);
	}

	/**
	 * A provider's `test` declaration, objects kept as objects.
	 *
	 * @param string $provider Provider id.
	 * @return object
	 */
	private static function declaration( string $provider ) {
		$file = Contract::read_objects( Providers::FILE );
		foreach ( (array) ( $file->providers ?? array() ) as $declared ) {
			if ( is_object( $declared ) && ( $declared->id ?? '' ) === $provider && isset( $declared->test ) && is_object( $declared->test ) ) {
				return $declared->test;
			}
		}
		return (object) array( 'body' => (object) array( 'test' => true ) );
	}

	/**
	 * Replace `{now}` in every string of a decoded JSON value.
	 *
	 * @param mixed  $value Value.
	 * @param string $now   The time in ISO 8601.
	 * @return mixed
	 */
	private static function fill( $value, string $now ) {
		if ( is_string( $value ) ) {
			return str_replace( '{now}', $now, $value );
		}
		if ( is_array( $value ) ) {
			return array_map(
				static function ( $item ) use ( $now ) {
					return self::fill( $item, $now );
				},
				$value
			);
		}
		if ( is_object( $value ) ) {
			$copy = new \stdClass();
			foreach ( get_object_vars( $value ) as $key => $item ) {
				$copy->$key = self::fill( $item, $now );
			}
			return $copy;
		}
		return $value;
	}
}
