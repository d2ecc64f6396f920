<?php
/**
 * The capability check shared by the admin REST controllers, and their route and schema shapes.
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

	/**
	 * Register an admin route of the namespace: one method, this capability, its schema.
	 *
	 * @param string $route    Route below solar-capture/v1, e.g. /deliveries.
	 * @param string $methods  WP_REST_Server method constant.
	 * @param string $callback Method of $this answering it.
	 * @param array  $args     Its parameters.
	 * @param string $schema   Method of $this giving the answer's schema.
	 */
	protected function admin_route( string $route, string $methods, string $callback, array $args, string $schema ): void {
		register_rest_route(
			'solar-capture/v1',
			$route,
			array(
				array(
					'methods'             => $methods,
					'callback'            => array( $this, $callback ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => $args,
				),
				'schema' => array( $this, $schema ),
			)
		);
	}

	/**
	 * A JSON schema of an object.
	 *
	 * @param string $title      Title.
	 * @param array  $properties Properties.
	 * @return array
	 */
	protected static function object_schema( string $title, array $properties ): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => $title,
			'type'       => 'object',
			'properties' => $properties,
		);
	}
}
