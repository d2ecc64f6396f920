<?php
/**
 * The plugin's one HTTP client: every outgoing request (the sidecar, the site's own webhook URL,
 * Calendly's API) goes through it and comes back in one shape.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Requests described as arrays:
 * { method, url, headers: string[] ("Name: value"), body?: string, connect_ms?: int, total_ms?: int,
 *   user_agent?: string, no_proxy?: bool }.
 * Results: { code: int (0 when nothing answered), body: string, headers: array<string,string>
 * (lower-cased names), redirect_url: ?string, error: string, error_code: string, time_ms: int }.
 *
 * request() and run() use PHP's curl extension directly, never follow a redirect (booking tools
 * do not) and never use a proxy for loopback addresses: they go to the loopback sidecar or to
 * the site itself, which WP_Http may refuse under WP_HTTP_BLOCK_EXTERNAL, and a direct curl
 * handle costs less on the webhook route. remote() goes through WordPress's HTTP API, so the
 * site's proxy settings and its WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS rules apply.
 */
class Http {

	/**
	 * One request (curl).
	 *
	 * @param array $request Request description.
	 * @return array Result.
	 */
	public function request( array $request ): array {
		if ( ! function_exists( 'curl_init' ) ) {
			return self::failure( __( 'The PHP curl extension is not installed.', 'solar-capture' ) );
		}
		$headers = array();
		$handle  = self::handle( $request, $headers );
		if ( false === $handle ) {
			return self::failure( __( 'The request could not be prepared.', 'solar-capture' ) );
		}
		// phpcs:disable WordPress.WP.AlternativeFunctions -- see the class docblock.
		$body   = curl_exec( $handle );
		$result = self::result( $handle, is_string( $body ) ? $body : '', $headers, curl_error( $handle ) );
		curl_close( $handle );
		// phpcs:enable
		return $result;
	}

	/**
	 * One request through WordPress's HTTP API (proxy settings and host rules apply), without
	 * following redirects. A request WordPress refuses to send has error_code `blocked`.
	 *
	 * @param array $request Request description.
	 * @return array Result.
	 */
	public function remote( array $request ): array {
		$headers = array();
		foreach ( (array) ( $request['headers'] ?? array() ) as $line ) {
			$at = strpos( (string) $line, ':' );
			if ( false !== $at ) {
				$headers[ trim( substr( $line, 0, $at ) ) ] = trim( substr( $line, $at + 1 ) );
			}
		}
		$args = array(
			'method'      => strtoupper( (string) ( $request['method'] ?? 'GET' ) ),
			'timeout'     => max( 1, (int) ceil( (int) ( $request['total_ms'] ?? 15000 ) / 1000 ) ),
			'redirection' => 0,
			'headers'     => $headers,
		);
		if ( isset( $request['body'] ) ) {
			$args['body'] = (string) $request['body'];
		}
		$started  = microtime( true );
		$response = wp_remote_request( (string) ( $request['url'] ?? '' ), $args );
		if ( is_wp_error( $response ) ) {
			$failure               = self::failure( $response->get_error_message() );
			$failure['error_code'] = 'http_request_not_executed' === $response->get_error_code() ? 'blocked' : 'unreachable';
			return $failure;
		}
		$location = wp_remote_retrieve_header( $response, 'location' );
		$received = wp_remote_retrieve_headers( $response );
		$received = is_object( $received ) && method_exists( $received, 'getAll' ) ? $received->getAll() : (array) $received;
		return array(
			'code'         => (int) wp_remote_retrieve_response_code( $response ),
			'body'         => (string) wp_remote_retrieve_body( $response ),
			'headers'      => array_change_key_case( $received, CASE_LOWER ),
			'redirect_url' => is_string( $location ) && '' !== $location ? $location : null,
			'error'        => '',
			'error_code'   => '',
			'time_ms'      => (int) round( 1000 * ( microtime( true ) - $started ) ),
		);
	}

	/**
	 * Several requests in parallel (curl): the slowest one decides how long this takes.
	 *
	 * @param array[] $requests Request descriptions, keyed as you like.
	 * @return array[] Results, with the same keys.
	 */
	public function run( array $requests ): array {
		$results = array();
		if ( ! function_exists( 'curl_multi_init' ) ) {
			foreach ( $requests as $key => $request ) {
				$results[ $key ] = self::failure( __( 'The PHP curl extension is not installed.', 'solar-capture' ) );
			}
			return $results;
		}

		// phpcs:disable WordPress.WP.AlternativeFunctions -- see the class docblock.
		$multi   = curl_multi_init();
		$handles = array();
		$headers = array();
		foreach ( $requests as $key => $request ) {
			$headers[ $key ] = array();
			$handle          = self::handle( $request, $headers[ $key ] );
			if ( false === $handle ) {
				$results[ $key ] = self::failure( __( 'The request could not be prepared.', 'solar-capture' ) );
				continue;
			}
			$handles[ $key ] = $handle;
			curl_multi_add_handle( $multi, $handle );
		}

		// curl_error() is empty for handles run through curl_multi: collect each transfer's result.
		$errors = array();
		do {
			$status = curl_multi_exec( $multi, $running );
			while ( false !== ( $info = curl_multi_info_read( $multi ) ) ) {
				if ( CURLE_OK !== $info['result'] ) {
					$errors[ (int) spl_object_id( $info['handle'] ) ] = curl_strerror( $info['result'] );
				}
			}
			if ( $running > 0 && -1 === curl_multi_select( $multi, 0.05 ) ) {
				usleep( 2000 );
			}
		} while ( $running > 0 && CURLM_OK === $status );
		while ( false !== ( $info = curl_multi_info_read( $multi ) ) ) {
			if ( CURLE_OK !== $info['result'] ) {
				$errors[ (int) spl_object_id( $info['handle'] ) ] = curl_strerror( $info['result'] );
			}
		}

		foreach ( $handles as $key => $handle ) {
			$body            = curl_multi_getcontent( $handle );
			$results[ $key ] = self::result( $handle, is_string( $body ) ? $body : '', $headers[ $key ], $errors[ (int) spl_object_id( $handle ) ] ?? curl_error( $handle ) );
			curl_multi_remove_handle( $multi, $handle );
			curl_close( $handle );
		}
		curl_multi_close( $multi );
		// phpcs:enable

		// Keep the caller's order.
		$ordered = array();
		foreach ( array_keys( $requests ) as $key ) {
			$ordered[ $key ] = $results[ $key ];
		}
		return $ordered;
	}

	/**
	 * A curl handle for one request.
	 *
	 * @param array $request Request description.
	 * @param array $headers Receives the answer's headers.
	 * @return \CurlHandle|resource|false
	 */
	private static function handle( array $request, array &$headers ) {
		$url = (string) ( $request['url'] ?? '' );
		// phpcs:disable WordPress.WP.AlternativeFunctions -- see the class docblock.
		$ch = curl_init( $url );
		if ( false === $ch ) {
			return false;
		}
		$method  = strtoupper( (string) ( $request['method'] ?? 'GET' ) );
		$options = array(
			CURLOPT_RETURNTRANSFER    => true,
			CURLOPT_HEADER            => false,
			CURLOPT_FOLLOWLOCATION    => false,
			CURLOPT_CONNECTTIMEOUT_MS => (int) ( $request['connect_ms'] ?? 1000 ),
			CURLOPT_TIMEOUT_MS        => (int) ( $request['total_ms'] ?? 5000 ),
			CURLOPT_NOSIGNAL          => true,
			CURLOPT_HTTPHEADER        => array_merge( array( 'Expect:' ), (array) ( $request['headers'] ?? array() ) ),
			CURLOPT_CUSTOMREQUEST     => $method,
			CURLOPT_USERAGENT         => (string) ( $request['user_agent'] ?? 'Solar Capture/' . SOLAR_CAPTURE_VERSION . '; ' . home_url( '/' ) ),
			CURLOPT_HEADERFUNCTION    => static function ( $ch, $line ) use ( &$headers ) {
				$at = strpos( $line, ':' );
				if ( false !== $at ) {
					$headers[ strtolower( trim( substr( $line, 0, $at ) ) ) ] = trim( substr( $line, $at + 1 ) );
				} elseif ( 0 === strpos( $line, 'HTTP/' ) ) {
					$headers = array(); // A new status line (after 100 Continue): start over.
				}
				return strlen( $line );
			},
		);
		if ( 'HEAD' === $method ) {
			$options[ CURLOPT_NOBODY ] = true;
		}
		if ( isset( $request['body'] ) ) {
			$options[ CURLOPT_POSTFIELDS ] = (string) $request['body'];
		}
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( ! empty( $request['no_proxy'] ) || in_array( strtolower( trim( $host, '[]' ) ), array( '127.0.0.1', 'localhost', '::1' ), true ) ) {
			// Loopback (or the sidecar, wherever it is): never through a proxy from the environment.
			$options[ CURLOPT_PROXY ]   = '';
			$options[ CURLOPT_NOPROXY ] = '*';
		}
		if ( ! empty( $request['insecure'] ) ) {
			$options[ CURLOPT_SSL_VERIFYPEER ] = false;
			$options[ CURLOPT_SSL_VERIFYHOST ] = 0;
		}
		curl_setopt_array( $ch, $options );
		// phpcs:enable
		return $ch;
	}

	/**
	 * The result of a finished curl transfer.
	 *
	 * @param \CurlHandle|resource $handle  Handle.
	 * @param string               $body    Body.
	 * @param array                $headers The answer's headers.
	 * @param string               $error   curl's error, if any.
	 * @return array
	 */
	private static function result( $handle, string $body, array $headers, string $error ): array {
		// phpcs:disable WordPress.WP.AlternativeFunctions -- see the class docblock.
		$code     = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		$redirect = curl_getinfo( $handle, CURLINFO_REDIRECT_URL );
		$time     = (float) curl_getinfo( $handle, CURLINFO_TOTAL_TIME );
		// phpcs:enable
		return array(
			'code'         => $code,
			'body'         => $body,
			'headers'      => $headers,
			'redirect_url' => is_string( $redirect ) && '' !== $redirect ? $redirect : ( $headers['location'] ?? null ),
			'error'        => 0 === $code ? ( '' !== $error ? $error : __( 'No answer.', 'solar-capture' ) ) : '',
			'error_code'   => 0 === $code ? 'unreachable' : '',
			'time_ms'      => (int) round( 1000 * $time ),
		);
	}

	/**
	 * A result for a request that was never sent.
	 *
	 * @param string $error Why.
	 * @return array
	 */
	private static function failure( string $error ): array {
		return array(
			'code'         => 0,
			'body'         => '',
			'headers'      => array(),
			'redirect_url' => null,
			'error'        => $error,
			'error_code'   => 'unreachable',
			'time_ms'      => 0,
		);
	}
}
