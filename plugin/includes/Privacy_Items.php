<?php
/**
 * The items of the personal data export (Tools → Export Personal Data).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * A booking, a timeline entry or a stored delivery as WordPress's exporter lists it.
 */
final class Privacy_Items {

	/**
	 * One timeline entry as an export item: a note (its text) or another event (its data as stored).
	 *
	 * @param array $row     Event row (id, type, data, created_at).
	 * @param bool  $as_note Export it as a note of the address's own lead.
	 * @return array
	 */
	public static function event( array $row, bool $as_note ): array {
		$decoded = $as_note ? json_decode( (string) $row['data'], true ) : null;
		return array(
			'group_id'    => $as_note ? 'solar-capture-notes' : 'solar-capture-timeline',
			'group_label' => $as_note ? __( 'Notes about your solar quote request', 'solar-capture' ) : __( 'History of your solar quote request', 'solar-capture' ),
			'item_id'     => 'solar-event-' . (int) $row['id'],
			'data'        => array(
				array(
					'name'  => __( 'Time (UTC)', 'solar-capture' ),
					'value' => (string) $row['created_at'],
				),
				array(
					'name'  => __( 'Event', 'solar-capture' ),
					'value' => (string) $row['type'],
				),
				array(
					'name'  => __( 'Details', 'solar-capture' ),
					'value' => is_array( $decoded ) && isset( $decoded['text'] ) ? (string) $decoded['text'] : (string) $row['data'],
				),
			),
		);
	}

	/**
	 * One booking as an export item.
	 *
	 * @param array $row Booking row.
	 * @return array
	 */
	public static function booking( array $row ): array {
		$guests = json_decode( (string) ( $row['guests'] ?? '' ), true );
		$names  = array();
		foreach ( is_array( $guests ) ? $guests : array() as $guest ) {
			if ( is_array( $guest ) && ! empty( $guest['email'] ) ) {
				$names[] = trim( ( isset( $guest['name'] ) && is_string( $guest['name'] ) ? $guest['name'] . ' ' : '' ) . '<' . $guest['email'] . '>' );
			} elseif ( is_string( $guest ) ) {
				$names[] = $guest;
			}
		}
		$data = array(
			array(
				'name'  => __( 'Booking', 'solar-capture' ),
				'value' => (string) ( $row['title'] ?? '' ),
			),
			array(
				'name'  => __( 'Status', 'solar-capture' ),
				'value' => (string) ( $row['status'] ?? '' ),
			),
			array(
				'name'  => __( 'Start (UTC)', 'solar-capture' ),
				'value' => (string) ( $row['start_at'] ?? '' ),
			),
			array(
				'name'  => __( 'Booked through', 'solar-capture' ),
				'value' => (string) ( $row['provider'] ?? '' ),
			),
			array(
				'name'  => __( 'Booked by (e-mail)', 'solar-capture' ),
				'value' => (string) ( $row['attendee_email'] ?? '' ),
			),
			array(
				'name'  => __( 'Time zone', 'solar-capture' ),
				'value' => (string) ( $row['timezone'] ?? '' ),
			),
			array(
				'name'  => __( 'Guests', 'solar-capture' ),
				'value' => implode( ', ', $names ),
			),
		);
		return array(
			'group_id'    => 'solar-capture-bookings',
			'group_label' => __( 'Solar survey bookings', 'solar-capture' ),
			'item_id'     => 'solar-booking-' . (int) $row['id'],
			'data'        => array_values(
				array_filter(
					$data,
					static function ( $pair ) {
						return '' !== $pair['value'];
					}
				)
			),
		);
	}


	/**
	 * One stored delivery (its raw body included) as an export item.
	 *
	 * @param array $row Delivery row (id, provider, trigger_name, body, received_at).
	 * @return array
	 */
	public static function delivery( array $row ): array {
		return array(
			'group_id'    => 'solar-capture-deliveries',
			'group_label' => __( 'Booking notifications received about you', 'solar-capture' ),
			'item_id'     => 'solar-delivery-' . (int) $row['id'],
			'data'        => array(
				array(
					'name'  => __( 'Received (UTC)', 'solar-capture' ),
					'value' => (string) $row['received_at'],
				),
				array(
					'name'  => __( 'Booking tool', 'solar-capture' ),
					'value' => (string) $row['provider'],
				),
				array(
					'name'  => __( 'Event', 'solar-capture' ),
					'value' => (string) $row['trigger_name'],
				),
				array(
					'name'  => __( 'Content as received', 'solar-capture' ),
					'value' => (string) $row['body'],
				),
			),
		);
	}
}
