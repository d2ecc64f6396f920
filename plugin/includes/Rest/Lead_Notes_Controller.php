<?php
/**
 * /solar-capture/v1/leads/<id>/notes: notes on a lead's timeline.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Add a note (a `note` event) and delete one (leaving a `note_deleted` event without the text).
 */
final class Lead_Notes_Controller extends Lead_Action_Controller {

	/**
	 * Longest note, in characters.
	 */
	public const MAX_LENGTH = 10000;

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$lead = array(
			'description' => __( 'Unique identifier of the lead.', 'solar-capture' ),
			'type'        => 'integer',
		);
		$text = array(
			'type'              => 'string',
			'maxLength'         => self::MAX_LENGTH,
			'sanitize_callback' => array( self::class, 'sanitize_note' ),
		);
		$this->admin_route(
			'/leads/(?P<id>[\d]+)/notes',
			WP_REST_Server::CREATABLE,
			'create_item',
			array(
				'id'   => $lead,
				'text' => array( 'description' => __( 'The note text.', 'solar-capture' ) ) + $text,
				// Accepted as an alias of `text` (the first version of this route used it).
				'note' => array( 'description' => __( 'The note text (alias of text).', 'solar-capture' ) ) + $text,
			),
			'get_item_schema'
		);

		$this->admin_route(
			'/leads/(?P<id>[\d]+)/notes/(?P<event_id>[\d]+)',
			WP_REST_Server::DELETABLE,
			'delete_item',
			array(
				'id'       => $lead,
				'event_id' => array(
					'description' => __( 'Unique identifier of the note (its timeline event).', 'solar-capture' ),
					'type'        => 'integer',
				),
			),
			'get_item_schema'
		);
	}

	/**
	 * POST /leads/<id>/notes
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( WP_REST_Request $request ) {
		$lead_id = (int) $request['id'];
		if ( ! $this->leads->find( $lead_id ) ) {
			return self::no_lead();
		}
		$note = trim( (string) ( $request->has_param( 'text' ) ? $request['text'] : $request['note'] ) );
		if ( '' === $note ) {
			return new WP_Error( 'rest_invalid_param', __( 'The note is empty.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		$event_id = $this->timeline->add( $lead_id, 'note', array( 'text' => $note ), self::actor() );
		$event    = $event_id ? $this->timeline->find( $event_id ) : null;
		if ( ! $event ) {
			return Leads_Controller::db_error();
		}
		return new WP_REST_Response( $this->timeline->present( $event ), 201 );
	}

	/**
	 * DELETE /leads/<id>/notes/<event_id>: remove a note. The timeline keeps a `note_deleted`
	 * event (who and when, not the text).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( WP_REST_Request $request ) {
		$lead_id = (int) $request['id'];
		if ( ! $this->leads->find( $lead_id ) ) {
			return self::no_lead();
		}
		$event = $this->timeline->find_note( $lead_id, (int) $request['event_id'] );
		if ( ! $event ) {
			return new WP_Error( 'rest_solar_note_invalid_id', __( 'This lead has no note with this id.', 'solar-capture' ), array( 'status' => 404 ) );
		}
		if ( ! $this->timeline->delete( (int) $event['id'] ) ) {
			return Leads_Controller::db_error();
		}
		$this->timeline->add( $lead_id, 'note_deleted', array( 'note_id' => (int) $event['id'] ), self::actor() );

		return new WP_REST_Response(
			array(
				'deleted'  => true,
				'previous' => $this->timeline->present( $event ),
			),
			200
		);
	}

	/**
	 * A note as plain text: valid UTF-8, \n line breaks, no NUL bytes. Not HTML-sanitised on
	 * purpose (sanitize_textarea_field() would turn "bill < 100" into "bill &lt; 100"): every
	 * output escapes it (the screens render text, the CSV is not HTML).
	 *
	 * @param mixed $value Note.
	 * @return string
	 */
	public static function sanitize_note( $value ): string {
		$value = wp_check_invalid_utf8( is_scalar( $value ) ? (string) $value : '', true );
		return trim( str_replace( array( "\r\n", "\r", "\0" ), array( "\n", "\n", '' ), $value ) );
	}

	/**
	 * The 404 for an unknown lead.
	 *
	 * @return WP_Error
	 */
	private static function no_lead(): WP_Error {
		return new WP_Error( 'rest_solar_lead_invalid_id', __( 'No lead has this id.', 'solar-capture' ), array( 'status' => 404 ) );
	}

	/**
	 * Schema of a timeline event (the note routes answer with one).
	 *
	 * @return array
	 */
	public function get_item_schema(): array {
		$field = static function ( string $description, $type = 'string', array $extra = array() ): array {
			return array(
				'description' => $description,
				'type'        => $type,
				'readonly'    => true,
			) + $extra;
		};
		return self::object_schema(
			'solar-lead-event',
			array(
				'id'          => $field( __( 'Unique identifier of the event.', 'solar-capture' ), 'integer' ),
				'lead_id'     => $field( __( 'The lead the event belongs to.', 'solar-capture' ), 'integer' ),
				'type'        => $field( __( 'Event type: lead_created, stage_changed, booking_created, note, note_deleted…', 'solar-capture' ) ),
				'data'        => $field( __( 'Event details; a note has {text}.', 'solar-capture' ), 'object' ),
				'actor'       => $field( __( 'Who or what made the event: user:<id>, form, calcom, calendly…', 'solar-capture' ) ),
				'actor_label' => $field( __( 'Human name of the actor.', 'solar-capture' ) ),
				'created_at'  => $field( __( 'When the event happened (UTC).', 'solar-capture' ), array( 'string', 'null' ), array( 'format' => 'date-time' ) ),
			),
		);
	}
}
