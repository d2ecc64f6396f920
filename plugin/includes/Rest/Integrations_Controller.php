<?php
/**
 * /solar-capture/v1/integrations: the Integrations screen's data.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Schema;
use SolarCapture\Settings;
use SolarCapture\Sidecar;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Provider cards (never a stored secret), secret generation, provider settings, sidecar health.
 */
final class Integrations_Controller {

	use Permissions;

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$provider_pattern = '(?P<provider>' . implode( '|', Settings::PROVIDER_IDS ) . ')';

		register_rest_route(
			self::NAMESPACE,
			'/integrations',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_integrations' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
				),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/' . $provider_pattern,
			array(
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_provider' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'enabled'         => array(
							'description' => __( 'Whether deliveries from this provider are processed.', 'solar-capture' ),
							'type'        => 'boolean',
						),
						'accept_unsigned' => array(
							'description' => __( 'Whether unsigned deliveries are accepted while no secret is set.', 'solar-capture' ),
							'type'        => 'boolean',
						),
						'booking_url'     => array(
							'description' => __( 'Booking page URL used by the quote form\'s call to action.', 'solar-capture' ),
							'type'        => 'string',
							'maxLength'   => 2000,
						),
						'secret_env'      => array(
							'description' => __( 'Name of an environment variable of the sidecar holding the secret (stored as env:NAME).', 'solar-capture' ),
							'type'        => 'string',
							'pattern'     => '^(env:)?[A-Za-z_][A-Za-z0-9_]*$',
						),
						'remove_secret'   => array(
							'description' => __( 'Remove the secret (and the previous one).', 'solar-capture' ),
							'type'        => 'boolean',
						),
					),
				),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/' . $provider_pattern . '/secret',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'generate_secret' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
				),
			)
		);
	}

	/**
	 * GET /integrations
	 *
	 * @return WP_REST_Response
	 */
	public function get_integrations(): WP_REST_Response {
		$providers = array();
		foreach ( Settings::PROVIDER_IDS as $id ) {
			$providers[] = $this->prepare_provider( $id, Settings::get_provider( $id ) );
		}

		return new WP_REST_Response(
			array(
				'providers' => $providers,
				'sidecar'   => $this->sidecar_status(),
			),
			200
		);
	}

	/**
	 * POST /integrations/<provider>/secret: generate (or rotate) the secret and show it this once.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function generate_secret( WP_REST_Request $request ): WP_REST_Response {
		$provider = (string) $request['provider'];
		$secret   = Settings::rotate_secret( $provider );

		// The only answer that ever carries a secret; `provider` is the updated card.
		$response = new WP_REST_Response(
			array(
				'secret'   => $secret,
				'provider' => $this->prepare_provider( $provider, Settings::get_provider( $provider ) ),
			),
			200
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * POST|PUT|PATCH /integrations/<provider>: enable, accept unsigned, booking URL, env secret, remove secret.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_provider( WP_REST_Request $request ) {
		$provider = (string) $request['provider'];
		$changes  = array();

		foreach ( array( 'enabled', 'accept_unsigned' ) as $flag ) {
			if ( $request->has_param( $flag ) ) {
				$changes[ $flag ] = (bool) $request[ $flag ];
			}
		}
		if ( $request->has_param( 'booking_url' ) ) {
			$url = trim( (string) $request['booking_url'] );
			if ( '' !== $url ) {
				$url = preg_match( '#^https?://[^/\s]+#i', $url ) ? esc_url_raw( $url, array( 'http', 'https' ) ) : '';
				if ( '' === $url ) {
					return new WP_Error( 'rest_invalid_param', __( 'The booking page URL must start with http:// or https://.', 'solar-capture' ), array( 'status' => 400 ) );
				}
			}
			$changes['booking_url'] = $url;
		}

		$current = Settings::get_provider( $provider );
		if ( ! empty( $request['remove_secret'] ) ) {
			$changes['secret']                  = '';
			$changes['previous_secret']         = null;
			$changes['previous_secret_expires'] = null;
		} elseif ( $request->has_param( 'secret_env' ) ) {
			$name      = preg_replace( '/^env:/', '', (string) $request['secret_env'] );
			$reference = 'env:' . $name;
			if ( ( $current['secret'] ?? '' ) !== $reference ) {
				$changes           = array_merge( $changes, Settings::previous_secret_changes( $current ) );
				$changes['secret'] = $reference;
			}
		}

		$settings = $changes ? Settings::update_provider( $provider, $changes ) : $current;
		return new WP_REST_Response( $this->prepare_provider( $provider, $settings ), 200 );
	}

	/**
	 * One provider card: everything but the secrets.
	 *
	 * @param string $id       Provider id.
	 * @param array  $settings Stored settings.
	 * @return array
	 */
	private function prepare_provider( string $id, array $settings ): array {
		$labels = Settings::provider_labels();
		$secret = $settings['secret'] ?? '';
		$url    = rest_url( self::NAMESPACE . '/calcom-webhook' );
		if ( 'calcom' !== $id ) {
			$url = add_query_arg( 'provider', $id, $url );
		}
		$previous_expires = is_string( $settings['previous_secret_expires'] ?? null ) ? $settings['previous_secret_expires'] : null;
		if ( null !== $previous_expires && strtotime( $previous_expires . ' UTC' ) <= time() ) {
			$previous_expires = null;
		}

		return array(
			'id'                      => $id,
			'label'                   => $labels[ $id ] ?? $id,
			'enabled'                 => ! empty( $settings['enabled'] ),
			'webhook_url'             => $url,
			'has_secret'              => 'none' !== Settings::secret_source( $secret ),
			'secret_hint'             => Settings::secret_hint( $secret ),
			'secret_source'           => Settings::secret_source( $secret ),
			'previous_secret_expires' => Format::datetime( $previous_expires ),
			'accept_unsigned'         => ! empty( $settings['accept_unsigned'] ),
			'booking_url'             => is_string( $settings['booking_url'] ?? null ) ? $settings['booking_url'] : '',
		);
	}

	/**
	 * The sidecar's health line; counts come from the database when the sidecar is down.
	 *
	 * @return array{reachable:bool, version:?string, queued:int, failed:int, message:string}
	 */
	private function sidecar_status(): array {
		$health = Sidecar::health( 1000 );

		if ( null === $health['queued'] || null === $health['failed'] ) {
			$counts = self::count_by_status();
			$health['queued'] = $health['queued'] ?? $counts['queued'];
			$health['failed'] = $health['failed'] ?? $counts['failed'];
		}

		if ( ! $health['reachable'] ) {
			$message = sprintf(
				/* translators: %s: the sidecar's address. */
				__( 'The sidecar is not running at %s. Deliveries are still stored and will be processed once it starts.', 'solar-capture' ),
				Settings::sidecar_url()
			);
		} elseif ( ! $health['ok'] ) {
			$message = __( 'The sidecar is running but cannot reach the database.', 'solar-capture' );
		} else {
			$message = sprintf(
				/* translators: 1: version, 2: number of queued deliveries. */
				_n( 'Sidecar %1$s is running; %2$d delivery is waiting.', 'Sidecar %1$s is running; %2$d deliveries are waiting.', (int) $health['queued'], 'solar-capture' ),
				(string) $health['version'],
				(int) $health['queued']
			);
		}

		return array(
			'reachable' => $health['reachable'],
			'version'   => $health['version'],
			'queued'    => (int) $health['queued'],
			'failed'    => (int) $health['failed'],
			'message'   => $message,
		);
	}

	/**
	 * Queued and failed delivery counts, read directly.
	 *
	 * @return array{queued:int, failed:int}
	 */
	private static function count_by_status(): array {
		global $wpdb;
		$table = Schema::table( 'deliveries' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$rows   = (array) $wpdb->get_results( $wpdb->prepare( "SELECT status, COUNT(*) AS n FROM $table WHERE status IN (%s, %s) GROUP BY status", 'queued', 'failed' ), ARRAY_A );
		$counts = array(
			'queued' => 0,
			'failed' => 0,
		);
		foreach ( $rows as $row ) {
			$counts[ $row['status'] ] = (int) $row['n'];
		}
		return $counts;
	}
}
