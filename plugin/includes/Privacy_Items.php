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
	 * WordPress's name/value pairs of an item.
	 *
	 * @param array<string,string> $values Values by their translated name.
	 * @return array<int,array{name:string,value:string}>
	 */
	private static function pairs( array $values ): array {
		$pairs = array();
		foreach ( $values as $name => $value ) {
			$pairs[] = array(
				'name'  => (string) $name,
				'value' => (string) $value,
			);
		}
		return $pairs;
	}

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
			'data'        => self::pairs(
				array(
					__( 'Time (UTC)', 'solar-capture' ) => (string) $row['created_at'],
					__( 'Event', 'solar-capture' ) => (string) $row['type'],
					__( 'Details', 'solar-capture' ) => is_array( $decoded ) && isset( $decoded['text'] ) ? (string) $decoded['text'] : (string) $row['data'],
				)
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
		$data = self::pairs(
			array(
				__( 'Booking', 'solar-capture' ) => (string) ( $row['title'] ?? '' ),
				__( 'Status', 'solar-capture' ) => (string) ( $row['status'] ?? '' ),
				__( 'Start (UTC)', 'solar-capture' ) => (string) ( $row['start_at'] ?? '' ),
				__( 'Booked through', 'solar-capture' ) => (string) ( $row['provider'] ?? '' ),
				__( 'Booked by (e-mail)', 'solar-capture' ) => (string) ( $row['attendee_email'] ?? '' ),
				__( 'Time zone', 'solar-capture' ) => (string) ( $row['timezone'] ?? '' ),
				__( 'Guests', 'solar-capture' ) => implode( ', ', $names ),
			)
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
			'data'        => self::pairs(
				array(
					__( 'Received (UTC)', 'solar-capture' ) => (string) $row['received_at'],
					__( 'Booking tool', 'solar-capture' ) => (string) $row['provider'],
					__( 'Event', 'solar-capture' ) => (string) $row['trigger_name'],
					__( 'Content as received', 'solar-capture' ) => (string) $row['body'],
				)
			),
		);
	}
}
