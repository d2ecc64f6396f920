<?php
/**
 * Small HTTP requests through PHP's curl extension, several at once when needed.
 *
 * Used for the admin screens' checks of the site's own webhook URL, the test deliveries sent
 * through it and the sidecar's health. Not WP_Http: these go to the site itself or to the
 * loopback sidecar, and must never follow a redirect (booking tools do not).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * curl requests described as arrays:
 * { method, url, headers: string[], body?: string, connect_ms?: int, total_ms?: int }.
 * Results: { code: int (0 when nothing answered), body: string, headers: array<string,string>
 * (lower-cased names), redirect_url: ?string, error: string, time_ms: int }.
 */
final class Http {

	/**
	 * One request.
	 *
	 * @param array $request Request description.
	 * @return array Result.
	 */
	public static function request( array $request ): array {
		$results = self::run( array( $request ) );
		return $results[0];
	}

	/**
	 * Several requests in parallel: the slowest one decides how long this takes.
	 *
	 * @param array[] $requests Request descriptions, keyed as you like.
	 * @return array[] Results, with the same keys.
	 */
	public static function run( array $requests ): array {
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
			$code            = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
			$redirect        = curl_getinfo( $handle, CURLINFO_REDIRECT_URL );
			$results[ $key ] = array(
				'code'         => $code,
				'body'         => is_string( $body ) ? $body : '',
				'headers'      => $headers[ $key ],
				'redirect_url' => is_string( $redirect ) && '' !== $redirect ? $redirect : ( $headers[ $key ]['location'] ?? null ),
				'error'        => 0 === $code ? ( $errors[ (int) spl_object_id( $handle ) ] ?? ( curl_error( $handle ) ?: __( 'No answer.', 'solar-capture' ) ) ) : '',
				'time_ms'      => (int) round( 1000 * (float) curl_getinfo( $handle, CURLINFO_TOTAL_TIME ) ),
			);
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
		// A request to the sidecar: its Unix socket, and the site on a multisite network (Sidecar::target()).
		$target = Sidecar::target( (string) ( $request['url'] ?? '' ) );
		$url    = $target['url'];
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
			CURLOPT_HTTPHEADER        => self::headers( (array) ( $request['headers'] ?? array() ), $target['headers'] ),
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
		if ( in_array( strtolower( trim( $host, '[]' ) ), array( '127.0.0.1', 'localhost', '::1' ), true ) ) {
			// Loopback: never through a proxy from the environment.
			$options[ CURLOPT_PROXY ]   = '';
			$options[ CURLOPT_NOPROXY ] = '*';
		}
		if ( null !== $target['socket'] ) {
			$options[ CURLOPT_UNIX_SOCKET_PATH ] = $target['socket'];
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
	 * The request's headers, plus those a sidecar call adds (its token) unless the request has one.
	 *
	 * @param string[] $given Headers of the request ("Name: value").
	 * @param string[] $added Headers Sidecar::target() adds.
	 * @return string[]
	 */
	private static function headers( array $given, array $added ): array {
		$names = array_map( static fn( $header ) => strtolower( trim( strstr( (string) $header, ':', true ) ) ), $given );
		foreach ( $added as $header ) {
			if ( ! in_array( strtolower( trim( strstr( $header, ':', true ) ) ), $names, true ) ) {
				$given[] = $header;
			}
		}
		return array_merge( array( 'Expect:' ), $given );
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
			'time_ms'      => 0,
		);
	}
}
