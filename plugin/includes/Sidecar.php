<?php
/**
 * Loopback calls to the sidecar through PHP's curl extension.
 *
 * WP_Http is not used: with WP_HTTP_BLOCK_EXTERNAL on, WordPress may refuse 127.0.0.1:8787,
 * and a direct curl handle costs less on the webhook route.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * The sidecar's HTTP API (see docs/internals.md).
 */
final class Sidecar {

	/**
	 * POST /deliveries/{id}/process with the internal token.
	 *
	 * @param int $delivery_id Delivery id.
	 * @param int $timeout_ms  Total time allowed.
	 * @return array|null The outcome ({delivery_id,status,http_status,message,lead_id,booking_id,created}),
	 *                    or null when the sidecar did not answer 200 with one.
	 */
	public static function process( int $delivery_id, int $timeout_ms = 15000 ): ?array {
		$token = (string) get_option( Activator::TOKEN_OPTION, '' );
		if ( '' === $token ) {
			return null;
		}
		$answer = self::request( 'POST', '/deliveries/' . $delivery_id . '/process', $token, 1000, $timeout_ms );
		if ( null === $answer || 200 !== $answer['code'] ) {
			return null;
		}
		$outcome = json_decode( $answer['body'], true );
		if ( ! is_array( $outcome ) || ! isset( $outcome['status'] ) || ! is_string( $outcome['status'] ) ) {
			return null;
		}
		$outcome['http_status'] = isset( $outcome['http_status'] ) && is_numeric( $outcome['http_status'] ) ? (int) $outcome['http_status'] : 200;
		return $outcome;
	}

	/**
	 * GET /health.
	 *
	 * @param int $timeout_ms Total time allowed.
	 * @return array{reachable:bool, ok:bool, version:?string, db:?string, queued:?int, failed:?int, code:int}
	 */
	public static function health( int $timeout_ms = 1000 ): array {
		return self::parse_health( self::request( 'GET', '/health', null, min( 1000, $timeout_ms ), $timeout_ms ) );
	}

	/**
	 * The health line from an answer of GET /health (null: nothing answered).
	 *
	 * @param array{code:int, body:string}|null $answer Answer.
	 * @return array{reachable:bool, ok:bool, version:?string, db:?string, queued:?int, failed:?int, code:int}
	 */
	public static function parse_health( ?array $answer ): array {
		if ( null !== $answer && empty( $answer['code'] ) ) {
			$answer = null;
		}
		$data   = null === $answer ? null : json_decode( (string) $answer['body'], true );
		$data   = is_array( $data ) ? $data : array();
		return array(
			'reachable' => null !== $answer && $answer['code'] > 0,
			'ok'        => null !== $answer && 200 === $answer['code'] && ! empty( $data['ok'] ),
			'version'   => isset( $data['version'] ) && is_scalar( $data['version'] ) ? (string) $data['version'] : null,
			'db'        => isset( $data['db'] ) && is_scalar( $data['db'] ) ? (string) $data['db'] : null,
			'queued'    => isset( $data['queued'] ) && is_numeric( $data['queued'] ) ? (int) $data['queued'] : null,
			'failed'    => isset( $data['failed'] ) && is_numeric( $data['failed'] ) ? (int) $data['failed'] : null,
			'code'      => null === $answer ? 0 : $answer['code'],
		);
	}

	/**
	 * Where a request to the sidecar really goes. The sidecar URL setting (SOLAR_CAPTURE_SIDECAR_URL)
	 * is `http://host:port` or, where the host hands Node.js apps a socket, `unix:/path/to/socket`.
	 * On a multisite network every call names the site it is for (`/sites/<blog id>/…`): the sidecar
	 * then uses that site's tables and checks that site's own token. A URL that is not below the
	 * sidecar URL is returned as it is.
	 *
	 * Every call carries the site's internal token, so that a sidecar a web server publishes
	 * (REQUIRE_TOKEN, shared hosting) answers PHP and nobody else.
	 *
	 * @param string $url The sidecar URL followed by a path, e.g. Settings::sidecar_url() . '/health'.
	 * @return array{url:string, socket:?string, headers:string[]} The URL for curl, the Unix socket to
	 *         reach it through, and the headers the call adds (none for a URL elsewhere).
	 */
	public static function target( string $url ): array {
		$base = Settings::sidecar_url();
		$rest = substr( $url, strlen( $base ) );
		if ( '' === $base || 0 !== strpos( $url, $base ) || ( '' !== $rest && '/' !== $rest[0] && '?' !== $rest[0] ) ) {
			return array(
				'url'     => $url,
				'socket'  => null,
				'headers' => array(),
			);
		}
		$token   = (string) get_option( Activator::TOKEN_OPTION, '' );
		$headers = '' === $token ? array() : array( 'Authorization: Bearer ' . $token );
		if ( is_multisite() ) {
			$rest = '/sites/' . get_current_blog_id() . ( '' === $rest || '?' === $rest[0] ? '/' . $rest : $rest );
		}
		if ( 0 === strpos( $base, 'unix:' ) ) {
			return array(
				'url'     => 'http://localhost' . $rest,
				'socket'  => substr( $base, 5 ),
				'headers' => $headers,
			);
		}
		return array(
			'url'     => $base . $rest,
			'socket'  => null,
			'headers' => $headers,
		);
	}

	/**
	 * One HTTP request to the sidecar.
	 *
	 * @param string      $method     GET or POST.
	 * @param string      $path       Path below the sidecar URL.
	 * @param string|null $token      Bearer token.
	 * @param int         $connect_ms Connect timeout.
	 * @param int         $total_ms   Total timeout.
	 * @return array{code:int, body:string}|null Null when nothing answered.
	 */
	private static function request( string $method, string $path, ?string $token, int $connect_ms, int $total_ms ): ?array {
		if ( ! function_exists( 'curl_init' ) ) {
			return null;
		}
		// phpcs:disable WordPress.WP.AlternativeFunctions -- see the class docblock.
		$target = self::target( Settings::sidecar_url() . $path );
		$ch     = curl_init( $target['url'] );
		if ( false === $ch ) {
			return null;
		}
		$headers = array_merge( array( 'Accept: application/json', 'Expect:' ), null !== $token ? array( 'Authorization: Bearer ' . $token ) : $target['headers'] );
		$options = array(
			CURLOPT_RETURNTRANSFER    => true,
			CURLOPT_HEADER            => false,
			CURLOPT_FOLLOWLOCATION    => false,
			CURLOPT_CONNECTTIMEOUT_MS => $connect_ms,
			CURLOPT_TIMEOUT_MS        => $total_ms,
			CURLOPT_NOSIGNAL          => true,
			// Loopback: never through a proxy from the environment.
			CURLOPT_PROXY             => '',
			CURLOPT_NOPROXY           => '*',
			CURLOPT_HTTPHEADER        => $headers,
		);
		if ( 'POST' === $method ) {
			$options[ CURLOPT_POST ]       = true;
			$options[ CURLOPT_POSTFIELDS ] = '';
			$options[ CURLOPT_HTTPHEADER ][] = 'Content-Type: application/json';
		}
		if ( null !== $target['socket'] ) {
			$options[ CURLOPT_UNIX_SOCKET_PATH ] = $target['socket'];
		}
		curl_setopt_array( $ch, $options );
		$body = curl_exec( $ch );
		$code = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		curl_close( $ch );
		// phpcs:enable

		if ( ! is_string( $body ) || 0 === $code ) {
			return null;
		}
		return array(
			'code' => $code,
			'body' => $body,
		);
	}
}
