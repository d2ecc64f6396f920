<?php
/**
 * POST /solar-capture/v1/leads/<id>/quote-requests/<event_id>: "Use these details" of a quote request.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Lead_Fields;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * The quote form never replaces a known lead's details (whoever sent it may not be the lead); it
 * records a `quote_request` event with what was sent. Here the owner applies chosen fields of
 * that event, field by field, as an edit by hand: one `lead_updated` event naming the fields and
 * the request they came from.
 */
final class Lead_Request_Controller extends Lead_Action_Controller {

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		$this->admin_route(
			'/leads/(?P<id>[\d]+)/quote-requests/(?P<event_id>[\d]+)',
			WP_REST_Server::CREATABLE,
			'apply',
			array(
				'id'       => array(
					'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
					'type'        => 'integer',
				),
				'event_id' => array(
					'description' => __( 'The quote request (its timeline event).', 'solar-capture' ),
					'type'        => 'integer',
				),
				'fields'   => array(
					'description' => __( 'The fields to take from the request.', 'solar-capture' ),
					'type'        => 'array',
					'items'       => array(
						'type' => 'string',
						'enum' => self::applicable(),
					),
					'minItems'    => 1,
					'required'    => true,
				),
			),
			'get_item_schema'
		);
	}

	/**
	 * Fields a quote request may set: the editable ones the form asks for.
	 *
	 * @return string[]
	 */
	private static function applicable(): array {
		return array_values( array_diff( Lead_Fields::keys_with( 'editable' ), array( 'email', 'stage' ) ) );
	}

	/**
	 * Apply the chosen fields of a quote request to its lead.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function apply( WP_REST_Request $request ) {
		$lead_id = (int) $request['id'];
		$lead    = $this->leads->find( $lead_id );
		if ( ! $lead ) {
			return new WP_Error( 'rest_not_found', __( 'Lead not found.', 'solar-capture' ), array( 'status' => 404 ) );
		}
		$event = $this->timeline->find( (int) $request['event_id'] );
		$data  = $event ? json_decode( (string) $event['data'], true ) : null;
		if ( ! $event || (int) $event['lead_id'] !== $lead_id || 'quote_request' !== $event['type'] || ! is_array( $data['submitted'] ?? null ) ) {
			return new WP_Error( 'solar_capture_no_request', __( 'This lead has no such quote request.', 'solar-capture' ), array( 'status' => 404 ) );
		}

		$chosen = array();
		foreach ( array_unique( array_map( 'strval', (array) $request['fields'] ) ) as $key ) {
			if ( ! array_key_exists( $key, $data['submitted'] ) ) {
				return new WP_Error(
					'rest_invalid_param',
					/* translators: %s: a field's name. */
					sprintf( __( 'The quote request has no value for %s.', 'solar-capture' ), Lead_Fields::label( $key ) ),
					array( 'status' => 400 )
				);
			}
			$chosen[ $key ] = $data['submitted'][ $key ];
		}

		$changes = Lead_Fields::changes( $lead, $chosen );
		if ( $changes ) {
			$changes['updated_at'] = gmdate( 'Y-m-d H:i:s' );
			if ( ! $this->leads->update( $lead_id, $changes ) ) {
				return Leads_Controller::db_error();
			}
			$fields = array_keys( array_diff_key( $changes, array( 'updated_at' => true ) ) );
			$this->timeline->add(
				$lead_id,
				'lead_updated',
				array(
					'fields'        => $fields,
					'from_request'  => (int) $event['id'],
				),
				self::actor()
			);
			/** This action is documented in includes/Rest/Leads_Controller.php. */
			do_action( 'solar_capture_lead_updated', $lead_id, $changes, $lead );
		}

		return new WP_REST_Response(
			array(
				'lead_id' => $lead_id,
				'applied' => array_values( array_diff( array_keys( $changes ), array( 'updated_at' ) ) ),
			),
			200
		);
	}

	/**
	 * Schema of the answer.
	 *
	 * @return array
	 */
	public function get_item_schema(): array {
		return self::object_schema(
			'solar-lead-quote-request',
			array(
				'lead_id' => array(
					'description' => __( 'The lead.', 'solar-capture' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'applied' => array(
					'description' => __( 'The fields that changed (a field already equal to the request is not listed).', 'solar-capture' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
					'readonly'    => true,
				),
			)
		);
	}
}
