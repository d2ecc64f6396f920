<?php
/**
 * The capability check shared by the admin REST controllers.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Activator;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * `manage_solar_leads` or 401 (logged out) / 403 (logged in without it).
 */
trait Permissions {

	/**
	 * Permission callback.
	 *
	 * @return true|WP_Error
	 */
	public function check_manage_permission() {
		if ( current_user_can( Activator::CAPABILITY ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage solar leads.', 'solar-capture' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
