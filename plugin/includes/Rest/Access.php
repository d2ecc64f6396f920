<?php
/**
 * One guard in front of every admin route of the namespace.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Activator;
use WP_Error;
use WP_REST_Request;

defined( 'ABSPATH' ) || exit;

/**
 * WordPress validates a request's parameters before it asks the route's permission callback,
 * so a user without `manage_solar_leads` would get a 400 (with the route's parameter rules)
 * instead of a 403 for a request with a missing or wrong parameter. This answers 401/403 first,
 * for every route of the namespace but the public ones. Each route keeps its own permission
 * callback as well.
 */
final class Access {

	/**
	 * Routes anyone may call (booking tools and visitors).
	 */
	private const PUBLIC_ROUTES = array( '/solar-capture/v1', '/solar-capture/v1/calcom-webhook', '/solar-capture/v1/quote', '/solar-capture/v1/quote/stamp', '/solar-capture/v1/booking-signal' );

	/**
	 * `rest_pre_dispatch` (early priority).
	 *
	 * @param mixed           $result  Response so far.
	 * @param mixed           $server  Server.
	 * @param WP_REST_Request $request Request.
	 * @return mixed
	 */
	public static function pre_dispatch( $result, $server, $request ) {
		if ( null !== $result || ! $request instanceof WP_REST_Request ) {
			return $result;
		}
		$route = strtolower( untrailingslashit( (string) $request->get_route() ) );
		if ( 0 !== strpos( $route . '/', '/solar-capture/v1/' ) || in_array( $route, self::PUBLIC_ROUTES, true ) ) {
			return $result;
		}
		if ( current_user_can( Activator::CAPABILITY ) ) {
			return $result;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage solar leads.', 'solar-capture' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
