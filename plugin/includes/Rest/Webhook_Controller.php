<?php
/**
 * POST /solar-capture/v1/calcom-webhook[?provider=calcom|calendly|orufy|generic]
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Providers;
use SolarCapture\Webhook_Handler;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * The public webhook route. The work is in Webhook_Handler; this class adapts the REST request.
 */
final class Webhook_Controller {

	public const NAMESPACE = 'solar-capture/v1';
	public const ROUTE     = '/calcom-webhook';

	/**
	 * The webhook's work.
	 *
	 * @var Webhook_Handler
	 */
	private $handler;

	/**
	 * Constructor.
	 *
	 * @param Webhook_Handler $handler The webhook's work.
	 */
	public function __construct( Webhook_Handler $handler ) {
		$this->handler = $handler;
	}

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			self::ROUTE,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'handle' ),
					// Public: booking tools authenticate with signatures the sidecar verifies.
					'permission_callback' => '__return_true',
				),
			)
		);
	}

	/**
	 * Answer the webhook from inside `rest_pre_dispatch`, before WordPress validates parameters:
	 * a JSON content type with a body that is not JSON would otherwise be refused (400
	 * rest_invalid_json) without being stored, and the body would be decoded for nothing.
	 *
	 * @param mixed           $result  Response so far (null).
	 * @param WP_REST_Server  $server  Server.
	 * @param WP_REST_Request $request Request.
	 * @return mixed
	 */
	public function pre_dispatch( $result, $server, $request ) {
		if ( null !== $result || ! $request instanceof WP_REST_Request ) {
			return $result;
		}
		if ( 'POST' !== $request->get_method() || '/' . self::NAMESPACE . self::ROUTE !== untrailingslashit( $request->get_route() ) ) {
			return $result;
		}
		return $this->handle( $request );
	}

	/**
	 * Route callback.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function handle( WP_REST_Request $request ): WP_REST_Response {
		$query    = $request->get_query_params();
		$provider = isset( $query['provider'] ) ? ( is_string( $query['provider'] ) ? $query['provider'] : '(not a single value)' ) : '';
		$name     = Providers::query_token();
		$token    = isset( $query[ $name ] ) && is_string( $query[ $name ] ) ? $query[ $name ] : null;

		// Names arrive lower-cased with `_` for `-` (content_type, x_cal_signature_256); the handler maps them back.
		$result = $this->handler->handle( $provider, (string) $request->get_body(), $request->get_headers(), $token );

		$response = new WP_REST_Response( $result['body'], $result['status'] );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}
}
