<?php
/**
 * /solar-capture/v1/deliveries: the delivery log and replay of failed deliveries.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Providers;
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
	 * The inbox and log.
	 *
	 * @var Delivery_Repository
	 */
	private $deliveries;

	/**
	 * Processes a replayed delivery.
	 *
	 * @var Webhook_Handler
	 */
	private $handler;

	/**
	 * Constructor.
	 *
	 * @param Delivery_Repository $deliveries The inbox and log.
	 * @param Webhook_Handler     $handler    Processes a replayed delivery.
	 */
	public function __construct( Delivery_Repository $deliveries, Webhook_Handler $handler ) {
		$this->deliveries = $deliveries;
		$this->handler    = $handler;
	}

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$this->admin_route(
			'/deliveries',
			WP_REST_Server::READABLE,
			'get_items',
			array(
				'provider' => array(
					'description' => __( 'Limit results to one provider.', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => Providers::ids(),
				),
				'status'   => array(
					'description' => __( 'Limit results to these statuses.', 'solar-capture' ),
					'type'        => 'array',
					'items'       => array(
						'type' => 'string',
						'enum' => Delivery_Repository::STATUSES,
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
			'get_item_schema'
		);

		$this->admin_route(
			'/deliveries/(?P<id>[\d]+)/replay',
			WP_REST_Server::CREATABLE,
			'replay',
			array(
				'id' => array(
					'description' => __( 'Unique identifier of the delivery.', 'solar-capture' ),
					'type'        => 'integer',
				),
			),
			'get_replay_schema'
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
		return self::object_schema(
			'solar-delivery',
			array(
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
					'enum'        => Delivery_Repository::STATUSES,
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
				'unsigned'     => array(
					'description' => __( 'Whether it was accepted without a signature check ("Accept unsigned deliveries").', 'solar-capture' ),
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
		return self::object_schema(
			'solar-delivery-outcome',
			array(
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
	 * Whether the sidecar's recorded outcome (the `result` column) says it was accepted unsigned.
	 *
	 * @param mixed $result The column.
	 * @return bool
	 */
	private static function was_unsigned( $result ): bool {
		if ( ! is_string( $result ) || false === strpos( $result, '"unsigned"' ) ) {
			return false;
		}
		$outcome = json_decode( $result, true );
		return is_array( $outcome ) && true === ( $outcome['unsigned'] ?? null );
	}

	/**
	 * GET /deliveries, newest first.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_items( WP_REST_Request $request ): WP_REST_Response {
		$per_page = max( 1, min( 100, (int) $request['per_page'] ) );
		$found    = $this->deliveries->page( (string) $request['provider'], (array) $request['status'], $per_page, (int) $request['page'] );
		$rows     = $found['rows'];
		$total    = $found['total'];

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
				'unsigned'     => self::was_unsigned( $row['result'] ?? null ),
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
		$id  = (int) $request['id'];
		$row = $this->deliveries->find( $id );
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
			$this->deliveries->requeue_failed( $id );
		}

		$result = $this->handler->process_stored( $id, (string) $row['provider'] );
		return new WP_REST_Response( $result['body'], 200 );
	}
}
