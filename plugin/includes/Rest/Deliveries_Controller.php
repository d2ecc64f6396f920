<?php
/**
 * /solar-capture/v1/deliveries: the delivery log and replay of failed deliveries.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Schema;
use SolarCapture\Settings;
use SolarCapture\Webhook_Handler;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Latest deliveries (never the raw body or headers) and replay.
 */
final class Deliveries_Controller {

	use Permissions;

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Statuses a delivery can have.
	 */
	private const STATUSES = array( 'queued', 'processing', 'applied', 'duplicate', 'ignored', 'rejected', 'failed' );

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/deliveries',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'provider' => array(
							'description' => __( 'Limit results to one provider.', 'solar-capture' ),
							'type'        => 'string',
							'enum'        => Settings::PROVIDER_IDS,
						),
						'status'   => array(
							'description' => __( 'Limit results to these statuses.', 'solar-capture' ),
							'type'        => 'array',
							'items'       => array(
								'type' => 'string',
								'enum' => self::STATUSES,
							),
						),
						'page'     => array(
							'description' => __( 'Current page of the collection.', 'solar-capture' ),
							'type'        => 'integer',
							'default'     => 1,
							'minimum'     => 1,
						),
						'per_page' => array(
							'description' => __( 'Maximum number of items to be returned in result set.', 'solar-capture' ),
							'type'        => 'integer',
							'default'     => 20,
							'minimum'     => 1,
							'maximum'     => 100,
						),
					),
				),
				'schema' => array( $this, 'get_item_schema' ),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/deliveries/(?P<id>[\d]+)/replay',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'replay' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'id' => array(
							'description' => __( 'Unique identifier of the delivery.', 'solar-capture' ),
							'type'        => 'integer',
						),
					),
				),
				'schema' => array( $this, 'get_replay_schema' ),
			)
		);
	}

	/**
	 * Schema of a delivery in the log.
	 *
	 * @return array
	 */
	public function get_item_schema(): array {
		$int_or_null = array(
			'type'     => array( 'integer', 'null' ),
			'readonly' => true,
		);
		$time        = array(
			'type'     => array( 'string', 'null' ),
			'format'   => 'date-time',
			'readonly' => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-delivery',
			'type'       => 'object',
			'properties' => array(
				'id'           => array(
					'description' => __( 'Unique identifier of the delivery.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'provider'     => array(
					'description' => __( 'Provider id.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'trigger'      => array(
					'description' => __( 'The provider\'s event (BOOKING_CREATED, invitee.created…), once parsed.', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
					'readonly'    => true,
				),
				'trigger_name' => array(
					'description' => __( 'Same as trigger (deprecated).', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
					'readonly'    => true,
				),
				'status'       => array(
					'description' => __( 'Outcome.', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => self::STATUSES,
					'readonly'    => true,
				),
				'http_status'  => array_merge( $int_or_null, array( 'description' => __( 'HTTP status answered to the provider.', 'solar-capture' ) ) ),
				'error'        => array(
					'description' => __( 'Why it was rejected, ignored or failed, written for a site owner.', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
					'readonly'    => true,
				),
				'attempts'     => array(
					'type'     => 'integer',
					'readonly' => true,
				),
				'lead_id'      => $int_or_null,
				'booking_id'   => $int_or_null,
				'received_at'  => $time,
				'processed_at' => $time,
				'can_replay'   => array(
					'description' => __( 'Whether POST /deliveries/<id>/replay applies.', 'solar-capture' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * Schema of the replay answer (the webhook route's answer).
	 *
	 * @return array
	 */
	public function get_replay_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-delivery-outcome',
			'type'       => 'object',
			'properties' => array(
				'status'      => array( 'type' => 'string' ),
				'message'     => array( 'type' => 'string' ),
				'delivery_id' => array( 'type' => 'integer' ),
				'lead_id'     => array( 'type' => array( 'integer', 'null' ) ),
				'booking_id'  => array( 'type' => array( 'integer', 'null' ) ),
				'created'     => array( 'type' => 'boolean' ),
			),
		);
	}

	/**
	 * GET /deliveries, newest first.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( WP_REST_Request $request ): WP_REST_Response {
		global $wpdb;

		$table = Schema::table( 'deliveries' );
		$where = array( '1=1' );
		$args  = array();
		if ( ! empty( $request['provider'] ) ) {
			$where[] = 'provider = %s';
			$args[]  = (string) $request['provider'];
		}
		$statuses = array_values( array_intersect( (array) $request['status'], self::STATUSES ) );
		if ( $statuses ) {
			$where[] = 'status IN (' . implode( ', ', array_fill( 0, count( $statuses ), '%s' ) ) . ')';
			$args    = array_merge( $args, $statuses );
		}
		$per_page  = max( 1, min( 100, (int) $request['per_page'] ) );
		$page      = max( 1, (int) $request['page'] );
		$where_sql = implode( ' AND ', $where );

		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery -- table name; values are placeholders.
		$count_sql = "SELECT COUNT(*) FROM $table WHERE $where_sql";
		$total     = (int) $wpdb->get_var( $args ? $wpdb->prepare( $count_sql, $args ) : $count_sql );
		$rows      = (array) $wpdb->get_results(
			$wpdb->prepare(
				"SELECT id, provider, trigger_name, status, http_status, error, attempts, lead_id, booking_id, received_at, processed_at FROM $table WHERE $where_sql ORDER BY id DESC LIMIT %d OFFSET %d",
				array_merge( $args, array( $per_page, ( $page - 1 ) * $per_page ) )
			),
			ARRAY_A
		);
		// phpcs:enable

		$items = array();
		foreach ( $rows as $row ) {
			$items[] = array(
				'id'           => (int) $row['id'],
				'provider'     => (string) $row['provider'],
				'trigger'      => null === $row['trigger_name'] ? null : (string) $row['trigger_name'],
				// Same value under the column's name (the first version of this route used it).
				'trigger_name' => null === $row['trigger_name'] ? null : (string) $row['trigger_name'],
				'status'       => (string) $row['status'],
				'http_status'  => null === $row['http_status'] ? null : (int) $row['http_status'],
				'error'        => null === $row['error'] ? null : (string) $row['error'],
				'attempts'     => (int) $row['attempts'],
				'lead_id'      => Format::id_or_null( $row['lead_id'] ),
				'booking_id'   => Format::id_or_null( $row['booking_id'] ),
				'received_at'  => Format::datetime( $row['received_at'] ),
				'processed_at' => Format::datetime( $row['processed_at'] ),
				'can_replay'   => 'failed' === $row['status'],
			);
		}

		$response = new WP_REST_Response( $items, 200 );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	}

	/**
	 * POST /deliveries/<id>/replay: queue a failed delivery again and ask the sidecar now.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function replay( WP_REST_Request $request ) {
		global $wpdb;

		$id    = (int) $request['id'];
		$table = Schema::table( 'deliveries' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT id, provider, status, body FROM $table WHERE id = %d", $id ), ARRAY_A );
		if ( ! $row ) {
			return new WP_Error( 'rest_solar_delivery_invalid_id', __( 'No delivery has this id.', 'solar-capture' ), array( 'status' => 404 ) );
		}
		if ( ! in_array( $row['status'], array( 'failed', 'queued' ), true ) || null === $row['body'] ) {
			return new WP_Error(
				'solar_capture_not_replayable',
				__( 'Only a failed or queued delivery whose body is kept can be replayed.', 'solar-capture' ),
				array( 'status' => 409 )
			);
		}
		if ( 'failed' === $row['status'] ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
			$wpdb->query( $wpdb->prepare( "UPDATE $table SET status = 'queued', error = NULL WHERE id = %d AND status = 'failed'", $id ) );
		}

		$result = Webhook_Handler::process_stored( $id, (string) $row['provider'] );
		return new WP_REST_Response( $result['body'], 200 );
	}
}
