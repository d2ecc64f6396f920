<?php
/**
 * The sidecar's HTTP API, called on loopback (see docs/internals.md, "Sidecar HTTP API").
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Ask the sidecar to process a stored delivery; read its health.
 */
class Sidecar {

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
	 * POST /deliveries/{id}/process with the internal token.
	 *
	 * @param int $delivery_id Delivery id.
	 * @param int $timeout_ms  Total time allowed.
	 * @return array|null The outcome ({delivery_id,status,http_status,message,lead_id,booking_id,created}),
	 *                    or null when the sidecar did not answer 200 with one.
	 */
	public function process( int $delivery_id, int $timeout_ms = 15000 ): ?array {
		$token = (string) get_option( Activator::TOKEN_OPTION, '' );
		if ( '' === $token ) {
			return null;
		}
		$answer = $this->http->request( self::request( 'POST', '/deliveries/' . $delivery_id . '/process', $timeout_ms, $token ) );
		if ( 200 !== $answer['code'] ) {
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
	 * The request for GET /health (for Http::run() beside other checks).
	 *
	 * @param int $timeout_ms Total time allowed.
	 * @return array
	 */
	public static function health_request( int $timeout_ms = 1000 ): array {
		return self::request( 'GET', '/health', $timeout_ms );
	}

	/**
	 * GET /health.
	 *
	 * @param int $timeout_ms Total time allowed.
	 * @return array{reachable:bool, ok:bool, version:?string, db:?string, queued:?int, failed:?int, code:int}
	 */
	public function health( int $timeout_ms = 1000 ): array {
		return self::parse_health( $this->http->request( self::health_request( $timeout_ms ) ) );
	}

	/**
	 * The health line from an answer of GET /health (an Http result; code 0: nothing answered).
	 *
	 * @param array{code:int, body:string}|null $answer Answer.
	 * @return array{reachable:bool, ok:bool, version:?string, db:?string, queued:?int, failed:?int, code:int}
	 */
	public static function parse_health( ?array $answer ): array {
		if ( null !== $answer && empty( $answer['code'] ) ) {
			$answer = null;
		}
		$data = null === $answer ? null : json_decode( (string) $answer['body'], true );
		$data = is_array( $data ) ? $data : array();
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
	 * A request to the sidecar (connecting: at most 1 s).
	 *
	 * @param string      $method     GET or POST.
	 * @param string      $path       Path below the sidecar URL.
	 * @param int         $timeout_ms Total time allowed.
	 * @param string|null $token      Bearer token.
	 * @return array
	 */
	private static function request( string $method, string $path, int $timeout_ms, ?string $token = null ): array {
		$headers = array( 'Accept: application/json' );
		if ( null !== $token ) {
			$headers[] = 'Authorization: Bearer ' . $token;
		}
		$request = array(
			'method'     => $method,
			'url'        => Settings::sidecar_url() . $path,
			'headers'    => $headers,
			'connect_ms' => min( 1000, $timeout_ms ),
			'total_ms'   => $timeout_ms,
			'no_proxy'   => true,
			'user_agent' => 'Solar Capture/' . SOLAR_CAPTURE_VERSION,
		);
		if ( 'POST' === $method ) {
			$request['headers'][] = 'Content-Type: application/json';
			$request['body']      = '';
		}
		return $request;
	}
}
