<?php
/**
 * Calendly's API, for "Register webhook with Calendly": Calendly has no webhook screen, so the
 * subscription is made with the site owner's personal access token (never stored).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Integrations;

use SolarCapture\Http;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * GET /users/me, then POST /webhook_subscriptions with a new signing key (and, to replace an
 * existing subscription, GET and DELETE it first). Calls go through WordPress's HTTP API.
 */
class Calendly_Client {

	/**
	 * Events Solar Capture subscribes to.
	 */
	public const EVENTS = array( 'invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted' );

	/**
	 * Calendly's API when SOLAR_CAPTURE_CALENDLY_API is not set.
	 */
	public const API = 'https://api.calendly.com';

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
	 * Base URL of Calendly's API: the SOLAR_CAPTURE_CALENDLY_API constant, else the environment
	 * variable of that name, else https://api.calendly.com.
	 *
	 * @return string
	 */
	public static function api_base(): string {
		$base = defined( 'SOLAR_CAPTURE_CALENDLY_API' ) && is_string( SOLAR_CAPTURE_CALENDLY_API ) ? SOLAR_CAPTURE_CALENDLY_API : '';
		if ( '' === $base ) {
			$env  = getenv( 'SOLAR_CAPTURE_CALENDLY_API' );
			$base = is_string( $env ) ? $env : '';
		}
		if ( '' === $base || ! preg_match( '#^https?://#i', $base ) ) {
			$base = self::API;
		}
		return rtrim( $base, '/' );
	}

	/**
	 * Subscribe $callback to EVENTS with $signing_key.
	 *
	 * @param string $token       Personal access token.
	 * @param string $callback    Our webhook URL.
	 * @param string $signing_key The key Calendly signs with.
	 * @param bool   $replace     Delete an existing subscription for $callback first.
	 * @return array{subscription_uri:string, replaced:?string}|WP_Error
	 */
	public function subscribe( string $token, string $callback, string $signing_key, bool $replace ) {
		$base = self::api_base();
		$me   = $this->call( 'GET', $base . '/users/me', $token );
		if ( is_wp_error( $me ) ) {
			return $me;
		}
		$user         = is_string( $me['body']['resource']['uri'] ?? null ) ? $me['body']['resource']['uri'] : '';
		$organization = is_string( $me['body']['resource']['current_organization'] ?? null ) ? $me['body']['resource']['current_organization'] : '';
		if ( 200 !== $me['code'] || '' === $user || '' === $organization ) {
			return self::error( $me, __( 'Calendly did not say which user and organisation this token belongs to.', 'solar-capture' ) );
		}

		$payload = array(
			'url'          => $callback,
			'events'       => self::EVENTS,
			'organization' => $organization,
			'user'         => $user,
			'scope'        => 'user',
			'signing_key'  => $signing_key,
		);
		$created = $this->call( 'POST', $base . '/webhook_subscriptions', $token, $payload );
		if ( is_wp_error( $created ) ) {
			return $created;
		}
		$replaced = null;
		if ( 409 === $created['code'] && $replace ) {
			$replaced = $this->delete_subscription( $base, $token, $organization, $user, $callback );
			if ( is_wp_error( $replaced ) ) {
				return $replaced;
			}
			$created = $this->call( 'POST', $base . '/webhook_subscriptions', $token, $payload );
			if ( is_wp_error( $created ) ) {
				return $created;
			}
		}
		if ( 409 === $created['code'] ) {
			return new WP_Error(
				'solar_capture_calendly_already_subscribed',
				__( 'Calendly already has a webhook subscription for this site\'s webhook URL. Its signing key cannot be read back: register again with "replace the existing subscription" to delete it and subscribe with a new key.', 'solar-capture' ),
				array( 'status' => 409 )
			);
		}
		if ( $created['code'] < 200 || $created['code'] >= 300 ) {
			return self::error( $created, __( 'Calendly did not create the webhook subscription.', 'solar-capture' ) );
		}
		return array(
			'subscription_uri' => is_string( $created['body']['resource']['uri'] ?? null ) ? $created['body']['resource']['uri'] : '',
			'replaced'         => $replaced,
		);
	}

	/**
	 * Delete Calendly's existing subscription for $callback (listed with the user scope).
	 *
	 * @param string $base         API base URL.
	 * @param string $token        Personal access token.
	 * @param string $organization Organisation URI.
	 * @param string $user         User URI.
	 * @param string $callback     Our webhook URL.
	 * @return string|null|WP_Error The deleted subscription's URI, null when none matched.
	 */
	private function delete_subscription( string $base, string $token, string $organization, string $user, string $callback ) {
		$query = array(
			'organization' => rawurlencode( $organization ),
			'user'         => rawurlencode( $user ),
			'scope'        => 'user',
			'count'        => 100,
		);
		$list  = $this->call( 'GET', add_query_arg( $query, $base . '/webhook_subscriptions' ), $token );
		if ( is_wp_error( $list ) ) {
			return $list;
		}
		if ( 200 !== $list['code'] ) {
			return self::error( $list, __( 'Calendly did not list the existing webhook subscriptions.', 'solar-capture' ) );
		}
		foreach ( (array) ( $list['body']['collection'] ?? array() ) as $item ) {
			if ( is_array( $item ) && ( $item['callback_url'] ?? '' ) === $callback && is_string( $item['uri'] ?? null ) ) {
				$deleted = $this->call( 'DELETE', $item['uri'], $token );
				if ( is_wp_error( $deleted ) ) {
					return $deleted;
				}
				if ( $deleted['code'] >= 300 && 404 !== $deleted['code'] ) {
					return self::error( $deleted, __( 'Calendly did not delete the existing webhook subscription.', 'solar-capture' ) );
				}
				return $item['uri'];
			}
		}
		return null;
	}

	/**
	 * Whether $url is on the same scheme, host and port as $base (case-insensitive host; no user info).
	 *
	 * @param string $url  URL about to be called.
	 * @param string $base The API's base URL.
	 * @return bool
	 */
	public static function same_origin( string $url, string $base ): bool {
		$origin = static function ( string $u ): ?string {
			$parts = wp_parse_url( $u );
			if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) || isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
				return null;
			}
			$scheme = strtolower( $parts['scheme'] );
			$port   = $parts['port'] ?? ( 'https' === $scheme ? 443 : ( 'http' === $scheme ? 80 : 0 ) );
			return $scheme . '://' . strtolower( $parts['host'] ) . ':' . $port;
		};
		$mine = $origin( $url );
		return null !== $mine && $mine === $origin( $base );
	}

	/**
	 * One call to Calendly's API.
	 *
	 * @param string     $method Method.
	 * @param string     $url    URL.
	 * @param string     $token  Personal access token.
	 * @param array|null $json   JSON body.
	 * @return array{code:int, body:array, raw:string}|WP_Error
	 */
	private function call( string $method, string $url, string $token, ?array $json = null ) {
		// The token goes to Calendly's API host only: a URI read from an answer (the subscription to
		// delete) that names another host, scheme or port is refused before anything is sent.
		if ( ! self::same_origin( $url, self::api_base() ) ) {
			return new WP_Error(
				'solar_capture_calendly_foreign_host',
				sprintf(
					/* translators: %s: host name. */
					__( 'Calendly\'s answer pointed at another server (%s); the token was not sent there. Try again, and tell the plugin\'s authors if it happens again.', 'solar-capture' ),
					(string) wp_parse_url( $url, PHP_URL_HOST )
				),
				array( 'status' => 502 )
			);
		}
		$request = array(
			'method'   => $method,
			'url'      => $url,
			'total_ms' => 15000,
			'headers'  => array( 'Authorization: Bearer ' . $token, 'Accept: application/json' ),
		);
		if ( null !== $json ) {
			$request['headers'][] = 'Content-Type: application/json';
			$request['body']      = (string) wp_json_encode( $json, JSON_UNESCAPED_SLASHES );
		}
		$answer = $this->http->remote( $request );
		$host   = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( 'blocked' === $answer['error_code'] ) {
			return new WP_Error(
				'solar_capture_calendly_blocked',
				sprintf(
					/* translators: 1: host name, 2: a wp-config.php constant. */
					__( 'WordPress is set to block outgoing requests, so Calendly\'s API (%1$s) could not be reached. Add %1$s to %2$s in wp-config.php and try again.', 'solar-capture' ),
					$host,
					'WP_ACCESSIBLE_HOSTS'
				),
				array( 'status' => 502 )
			);
		}
		if ( 0 === $answer['code'] ) {
			return new WP_Error(
				'solar_capture_calendly_unreachable',
				sprintf(
					/* translators: 1: host name, 2: the error. */
					__( 'Calendly\'s API (%1$s) could not be reached: %2$s', 'solar-capture' ),
					$host,
					$answer['error']
				),
				array( 'status' => 502 )
			);
		}
		if ( 401 === $answer['code'] ) {
			return new WP_Error(
				'solar_capture_calendly_token_refused',
				__( 'Calendly says the personal access token was refused. Create a new token in Calendly (Integrations → API & Webhooks), paste it here and try again.', 'solar-capture' ),
				array( 'status' => 400 )
			);
		}
		$body = json_decode( $answer['body'], true );
		return array(
			'code' => $answer['code'],
			'body' => is_array( $body ) ? $body : array(),
			'raw'  => $answer['body'],
		);
	}

	/**
	 * A Calendly answer we cannot use, with Calendly's own words.
	 *
	 * @param array  $answer  Answer from call().
	 * @param string $message What went wrong.
	 * @return WP_Error
	 */
	private static function error( array $answer, string $message ): WP_Error {
		$detail = '';
		foreach ( array( 'message', 'title' ) as $key ) {
			if ( isset( $answer['body'][ $key ] ) && is_string( $answer['body'][ $key ] ) && '' !== $answer['body'][ $key ] ) {
				$detail = $answer['body'][ $key ];
				break;
			}
		}
		return new WP_Error(
			'solar_capture_calendly_error',
			sprintf(
				/* translators: 1: what went wrong, 2: HTTP status, 3: Calendly's message. */
				__( '%1$s Calendly answered HTTP %2$d: %3$s', 'solar-capture' ),
				$message,
				$answer['code'],
				'' !== $detail ? wp_strip_all_tags( $detail ) : __( '(no message)', 'solar-capture' )
			),
			array(
				'status'        => 403 === $answer['code'] ? 403 : 502,
				'calendly_code' => $answer['code'],
			)
		);
	}
}
