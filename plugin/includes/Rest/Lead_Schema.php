<?php
/**
 * A lead's JSON, its schema and the list's parameters, built from lead-fields.json.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Booking_Repository;
use SolarCapture\Leads\Lead_Fields;
use SolarCapture\Leads\Lead_Filters;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Pipeline;

defined( 'ABSPATH' ) || exit;

/**
 * What Leads_Controller answers with and accepts. Each field's type, maximum length and whether
 * it may be edited come from lead-fields.json.
 */
final class Lead_Schema {

	/**
	 * One lead row as JSON (without bookings and events).
	 *
	 * @param array $item Lead row.
	 * @param bool  $full Whether to add the message.
	 * @return array
	 */
	public static function present( array $item, bool $full ): array {
		$data = array();
		foreach ( Lead_Fields::all() as $key => $field ) {
			if ( 'message' === $key && ! $full ) {
				continue;
			}
			$value = $item[ $key ] ?? null;
			switch ( $field['type'] ) {
				case 'integer':
					$data[ $key ] = (int) $value;
					break;
				case 'number':
					$data[ $key ] = null === $value || '' === $value ? null : (float) $value;
					break;
				case 'boolean':
					$data[ $key ] = null === $value || '' === $value ? null : (bool) (int) $value;
					break;
				case 'time':
					$data[ $key ] = Format::datetime( $value );
					break;
				case 'derived':
					$data[ $key ] = Pipeline::label( (string) $item['stage'] );
					break;
				default:
					$data[ $key ] = 'message' === $key ? Format::str( $value ) : (string) $value;
			}
		}
		return $data;
	}

	/**
	 * Schema of a lead.
	 *
	 * @return array
	 */
	public static function item(): array {
		$properties = array();
		foreach ( Lead_Fields::all() as $key => $field ) {
			$properties[ $key ] = self::property( $key, $field );
		}
		foreach ( array(
			'bookings' => __( 'The lead\'s bookings, latest first (single lead only).', 'solar-capture' ),
			'events'   => __( 'The lead\'s timeline, newest first (single lead only).', 'solar-capture' ),
		) as $key => $description ) {
			$properties[ $key ] = array(
				'description' => $description,
				'type'        => 'array',
				'context'     => array( 'view', 'edit' ),
				'readonly'    => true,
				'items'       => 'bookings' === $key ? self::booking() : array( 'type' => 'object' ),
			);
		}
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-lead',
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * Schema of one booking of a lead (Booking_Repository::present()).
	 *
	 * @return array
	 */
	private static function booking(): array {
		$text     = array( 'type' => 'string' );
		$nullable = array( 'type' => array( 'string', 'null' ) );
		$time     = array(
			'type'   => array( 'string', 'null' ),
			'format' => 'date-time',
		);
		$props    = array(
			'id'                   => array( 'type' => 'integer' ),
			'lead_id'              => array( 'type' => array( 'integer', 'null' ) ),
			'provider'             => $text,
			'external_id'          => $text,
			'status'               => $text + array( 'description' => __( 'accepted, pending, awaiting_payment, rejected, cancelled, rescheduled, no_show or completed.', 'solar-capture' ) ),
			'title'                => $text,
			'start_at'             => $time,
			'end_at'               => $time,
			'timezone'             => $text + array( 'description' => __( 'The booker\'s own time zone.', 'solar-capture' ) ),
			'attendee_email'       => $text,
			'guests'               => array(
				'type'  => 'array',
				'items' => $text,
			),
			'previous_external_id' => $nullable + array( 'description' => __( 'The booking this one was rescheduled from.', 'solar-capture' ) ),
			'next_external_id'     => $nullable + array( 'description' => __( 'The booking this one was moved to.', 'solar-capture' ) ),
			'cancel_reason'        => $text + array( 'description' => __( 'Why it was cancelled, declined or a new time was asked for.', 'solar-capture' ) ),
			'booking_uid'          => $nullable + array( 'description' => __( 'The group session\'s id, shared by its seats.', 'solar-capture' ) ),
			'seat_id'              => $nullable + array( 'description' => __( 'The seat in a group session (Cal.com attendeeSeatId).', 'solar-capture' ) ),
			'seats'                => array(
				'type'        => array( 'integer', 'null' ),
				'description' => __( 'Places in the group session, when the booking tool says.', 'solar-capture' ),
			),
			'series_id'            => $nullable + array( 'description' => __( 'Occurrences of one recurring series share this id.', 'solar-capture' ) ),
			'location'             => $text + array( 'description' => __( 'Where the meeting is: an address, a phone number or a join link, as text.', 'solar-capture' ) ),
			'location_type'        => array(
				'type' => 'string',
				'enum' => array_merge( array( '' ), Booking_Repository::LOCATION_TYPES ),
			),
			'answers'              => array(
				'description' => __( 'The booking form\'s questions and answers, as text.', 'solar-capture' ),
				'type'        => 'array',
				'items'       => array(
					'type'       => 'object',
					'properties' => array(
						'label' => $text,
						'value' => $text,
					),
				),
			),
			'cancelled_by'         => $text + array( 'description' => __( 'Who cancelled, as the booking tool names them.', 'solar-capture' ) ),
			'cancelled_by_role'    => array(
				'type' => 'string',
				'enum' => array( '', 'host', 'invitee' ),
			),
			'cancel_scope'         => array(
				'type'        => 'string',
				'enum'        => array( '', 'booking', 'series' ),
				'description' => __( 'series: cancelled with every later occurrence of its series.', 'solar-capture' ),
			),
			'created_at'           => $time,
			'updated_at'           => $time,
		);
		return array(
			'type'       => 'object',
			'properties' => $props,
		);
	}

	/**
	 * One field's schema.
	 *
	 * @param string $key   Field.
	 * @param array  $field Its declaration.
	 * @return array
	 */
	private static function property( string $key, array $field ): array {
		$property = array(
			'description' => Lead_Fields::label( $key ),
			'context'     => array( 'view', 'edit' ),
		);
		switch ( $field['type'] ) {
			case 'integer':
				$property['type'] = 'integer';
				break;
			case 'number':
				$property += array(
					'type'    => array( 'number', 'null' ),
					'minimum' => 0,
					'maximum' => (int) ( $field['maximum'] ?? 99999999 ),
				);
				break;
			case 'boolean':
				$property['type'] = array( 'boolean', 'null' );
				break;
			case 'time':
				$property += array(
					'type'   => array( 'string', 'null' ),
					'format' => 'date-time',
				);
				break;
			case 'stage':
				$property += array(
					'type' => 'string',
					'enum' => Pipeline::slugs(),
				);
				break;
			case 'email':
				$property += array(
					'type'   => 'string',
					'format' => 'email',
				);
				break;
			default:
				// An address or a message keeps its line breaks.
				$property['type']        = 'string';
				$property['arg_options'] = array( 'sanitize_callback' => 'textarea' === $field['type'] ? 'sanitize_textarea_field' : 'sanitize_text_field' );
		}
		if ( isset( $field['max_length'] ) && 'string' === $property['type'] && 'stage' !== $field['type'] ) {
			$property['maxLength'] = (int) $field['max_length'];
		}
		if ( empty( $field['editable'] ) ) {
			$property['readonly'] = true;
			unset( $property['arg_options'] );
		}
		return $property;
	}

	/**
	 * Query parameters of the list.
	 *
	 * @param array $params WP_REST_Controller's collection parameters.
	 * @return array
	 */
	public static function collection_params( array $params ): array {
		$params['context']['default']    = 'view';
		$params['per_page']['default']   = 20;
		$params['per_page']['maximum']   = 100;
		$params['search']['description'] = __( 'Limit results to leads whose name contains this text, whose e-mail address starts with it (or contains it, when it has an @ or a dot and no space), whose phone number contains it (when it looks like one) or whose postcode starts with it.', 'solar-capture' );

		$params['stage']    = array(
			'description' => __( 'Limit results to leads in these stages; one value or a comma-separated list.', 'solar-capture' ),
			'type'        => 'array',
			'items'       => array(
				'type' => 'string',
				'enum' => Pipeline::slugs(),
			),
		);
		$params['source']   = array(
			'description' => __( 'Limit results to leads from these sources (form, calcom, calendly…); one value or a comma-separated list.', 'solar-capture' ),
			'type'        => 'array',
			'items'       => array(
				'type'      => 'string',
				'maxLength' => Lead_Fields::max_length( 'source' ),
			),
		);
		$params['after']    = self::time_param( __( 'Limit results to leads created at or after this time (ISO 8601), or from the start of this day (YYYY-MM-DD, site time zone).', 'solar-capture' ) );
		$params['before']   = self::time_param( __( 'Limit results to leads created before this time (ISO 8601), or up to the end of this day (YYYY-MM-DD, site time zone).', 'solar-capture' ) );
		$params['upcoming'] = array(
			'description' => __( 'true: only leads with a future booking; false: only leads without one.', 'solar-capture' ),
			'type'        => 'boolean',
		);

		$params['awaiting_payment'] = array(
			'description' => __( 'true: only leads with a booking awaiting payment (a paid booking\'s checkout was started, not finished) and no finished booking made after it; false: only the other leads.', 'solar-capture' ),
			'type'        => 'boolean',
		);
		$params['utm_source']       = self::attribution_param( __( 'Limit results to leads whose first or latest touch has one of these UTM sources; one value or a comma-separated list.', 'solar-capture' ), 'first_utm_source' );
		$params['utm_campaign']     = self::attribution_param( __( 'Limit results to leads whose first or latest touch has one of these UTM campaigns; one value or a comma-separated list.', 'solar-capture' ), 'first_utm_campaign' );

		$params['orderby'] = array(
			'description' => __( 'Sort by this field.', 'solar-capture' ),
			'type'        => 'string',
			'default'     => 'created_at',
			'enum'        => Lead_Query::ORDERBY,
		);
		$params['order']   = array(
			'description' => __( 'Sort direction.', 'solar-capture' ),
			'type'        => 'string',
			'default'     => 'desc',
			'enum'        => array( 'asc', 'desc' ),
		);
		return $params;
	}

	/**
	 * A `utm_source`/`utm_campaign` parameter: a list of values as long as the column holds.
	 *
	 * @param string $description Description.
	 * @param string $column      The lead column whose length bounds a value.
	 * @return array
	 */
	private static function attribution_param( string $description, string $column ): array {
		return array(
			'description' => $description,
			'type'        => 'array',
			'maxItems'    => 50,
			'items'       => array(
				'type'      => 'string',
				'maxLength' => Lead_Fields::max_length( $column ),
			),
		);
	}

	/**
	 * An `after`/`before` parameter.
	 *
	 * @param string $description Description.
	 * @return array
	 */
	private static function time_param( string $description ): array {
		return array(
			'description'       => $description,
			'type'              => 'string',
			'validate_callback' => array( Lead_Filters::class, 'validate_time' ),
			'sanitize_callback' => 'sanitize_text_field',
		);
	}
}
