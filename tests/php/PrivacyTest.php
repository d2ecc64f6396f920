<?php
/**
 * The privacy tools' e-mail matching against the real database: the address's own records and
 * its mentions in other leads' records, and nobody else's.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests;

use SolarCapture\Plugin;
use SolarCapture\Privacy;
use SolarCapture\Schema;

/**
 * Export and erase by e-mail address.
 */
final class PrivacyTest extends Test_Case {

	/**
	 * A stored delivery.
	 *
	 * @param string   $body    Raw body.
	 * @param int|null $lead_id Linked lead.
	 * @return int Delivery id.
	 */
	private function delivery( string $body, ?int $lead_id = null ): int {
		global $wpdb;
		$wpdb->insert( Schema::table( 'deliveries' ), array( 'provider' => 'calcom', 'status' => 'applied', 'body' => $body, 'headers' => '{}', 'lead_id' => $lead_id, 'received_at' => gmdate( 'Y-m-d H:i:s' ) ) ); // phpcs:ignore WordPress.DB
		return (int) $wpdb->insert_id;
	}

	/**
	 * A delivery's body (null once erased).
	 *
	 * @param int $id Delivery id.
	 * @return string|null
	 */
	private function body( int $id ): ?string {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( 'SELECT body FROM ' . Schema::table( 'deliveries' ) . ' WHERE id = %d', $id ) ); // phpcs:ignore WordPress.DB
	}

	/**
	 * The export's items of one group.
	 *
	 * @param array  $export Exporter answer.
	 * @param string $group  Group id.
	 * @return array[]
	 */
	private static function group( array $export, string $group ): array {
		return array_values(
			array_filter(
				$export['data'],
				static function ( $item ) use ( $group ) {
					return $item['group_id'] === $group;
				}
			)
		);
	}

	public function test_an_address_is_named_as_typed_lower_cased_or_url_encoded_but_not_inside_another(): void {
		$email = 'Pat+Solar@Example.org';
		$this->assertSame( array( 'Pat+Solar@Example.org', 'pat+solar@example.org', 'Pat%2BSolar%40Example.org', 'pat%2Bsolar%40example.org' ), Privacy::email_variants( $email ) );
		foreach ( array( '{"email":"pat+solar@example.org"}', 'email=PAT%2Bsolar%40example.org&x=1', '["Pat <pat+solar@example.org>"]', 'pat+solar@example.org.' ) as $text ) {
			$this->assertTrue( Privacy::names_address( $text, $email ), $text );
		}
		foreach ( array( '{"email":"spat+solar@example.org"}', 'pat+solar@example.org.uk', 'pat+solar@example.organic', 'x.pat+solar@example.org', '' ) as $text ) {
			$this->assertFalse( Privacy::names_address( $text, $email ), $text );
		}
		$this->assertFalse( Privacy::names_address( 'anything', '' ) );
	}

	public function test_export_finds_the_lead_its_bookings_notes_and_deliveries_and_mentions_elsewhere_only(): void {
		$timeline = Plugin::instance()->timeline();
		$pat      = $this->lead( array( 'email' => 'Pat@Example.org', 'name' => 'Pat Privacy', 'homeowner' => 1, 'stage' => 'booked' ) );
		$sam      = $this->lead( array( 'email' => 'sam@example.org' ) );
		$spat     = $this->lead( array( 'email' => 'spat@example.org' ) );
		$this->booking( array( 'lead_id' => $pat, 'attendee_email' => 'pat@example.org' ) );
		$guest_of = $this->booking( array( 'lead_id' => $sam, 'attendee_email' => 'sam@example.org', 'guests' => '[{"email":"PAT@example.org","name":"Pat"}]' ) );
		$this->booking( array( 'lead_id' => $spat, 'attendee_email' => 'spat@example.org', 'guests' => '[{"email":"spat@example.org"}]' ) );
		$timeline->add( $pat, 'note', array( 'text' => 'Call after noon' ), 'user:1' );
		$named = $timeline->add( $sam, 'booking_no_show', array( 'attendees' => array( 'pat@example.org' ) ), 'calcom' );
		$timeline->add( $spat, 'booking_no_show', array( 'attendees' => array( 'spat@example.org' ) ), 'calcom' );
		$own     = $this->delivery( '{"attendees":[{"email":"pat@example.org"}]}', $pat );
		$encoded = $this->delivery( 'email=pat%40example.org&name=Pat' );
		$this->delivery( '{"attendees":[{"email":"spat@example.org"}]}', $spat );

		$export = Plugin::instance()->privacy()->export( ' PAT@example.ORG ', 1 );
		$this->assertTrue( $export['done'] );

		$lead = self::group( $export, 'solar-capture-lead' );
		$this->assertCount( 1, $lead );
		$pairs = array_column( $lead[0]['data'], 'value', 'name' );
		$this->assertSame( array( 'Name', 'E-mail', 'Homeowner', 'Source', 'Stage', 'Created (UTC)' ), array_keys( $pairs ) );
		$this->assertSame( array( 'Pat Privacy', 'Pat@Example.org', 'Yes', 'form', 'Booked' ), array_slice( array_values( $pairs ), 0, 5 ) );

		$bookings = self::group( $export, 'solar-capture-bookings' );
		$this->assertSame( array( 'pat@example.org', 'sam@example.org' ), array_map( static function ( $item ) { return array_column( $item['data'], 'value', 'name' )['Booked by (e-mail)']; }, $bookings ) ); // phpcs:ignore
		$this->assertStringContainsString( 'PAT@example.org', array_column( $bookings[1]['data'], 'value', 'name' )['Guests'] );
		$this->assertSame( 'solar-booking-' . $guest_of, $bookings[1]['item_id'] );

		$this->assertSame( array( 'Call after noon' ), array_map( static function ( $item ) { return $item['data'][2]['value']; }, self::group( $export, 'solar-capture-notes' ) ) ); // phpcs:ignore
		$this->assertSame( array( 'solar-event-' . $named ), array_column( self::group( $export, 'solar-capture-timeline' ), 'item_id' ) );
		$this->assertSame( array( 'solar-delivery-' . $own, 'solar-delivery-' . $encoded ), array_column( self::group( $export, 'solar-capture-deliveries' ), 'item_id' ) );
	}

	public function test_an_address_without_a_lead_still_gets_its_mentions(): void {
		$sam = $this->lead( array( 'email' => 'sam@example.org' ) );
		$this->booking( array( 'lead_id' => $sam, 'guests' => '["kim@example.org"]' ) );
		$this->delivery( '{"guests":["kim@example.org"]}', $sam );
		$export = Plugin::instance()->privacy()->export( 'kim@example.org', 1 );
		$this->assertSame( array(), self::group( $export, 'solar-capture-lead' ) );
		$this->assertCount( 1, self::group( $export, 'solar-capture-bookings' ) );
		$this->assertCount( 1, self::group( $export, 'solar-capture-deliveries' ) );
		$this->assertSame( array(), Plugin::instance()->privacy()->export( '', 1 )['data'] );
	}

	public function test_erase_removes_the_lead_and_the_address_from_others_records_but_nobody_elses_data(): void {
		global $wpdb;
		$timeline = Plugin::instance()->timeline();
		$pat      = $this->lead( array( 'email' => 'pat@example.org' ) );
		$sam      = $this->lead( array( 'email' => 'sam@example.org' ) );
		$this->booking( array( 'lead_id' => $pat, 'attendee_email' => 'pat@example.org' ) );
		$booked_by_pat = $this->booking( array( 'lead_id' => $sam, 'attendee_email' => 'Pat@example.org', 'guests' => '[{"email":"pat@example.org"},{"email":"spat@example.org"}]' ) );
		$event         = $timeline->add( $sam, 'booking_no_show', array( 'attendees' => array( 'pat@example.org', 'spat@example.org' ), 'query' => 'e=pat%40example.org' ), 'calcom' );
		$pats          = $this->delivery( 'email=pat%40example.org' );
		$spats         = $this->delivery( '{"email":"spat@example.org"}' );

		$result = Plugin::instance()->privacy()->erase( 'PAT@example.org', 1 );
		$this->assertTrue( $result['items_removed'] );
		$this->assertCount( 2, $result['messages'] );

		$this->assertNull( Plugin::instance()->leads()->find( $pat ) );
		$this->assertSame( 1, $this->rows_in( 'bookings' ), "Pat's own booking went with the lead" );
		$booking = Plugin::instance()->bookings()->find( $booked_by_pat );
		$this->assertSame( '', $booking['attendee_email'] );
		$this->assertSame( '[{"email":"spat@example.org"}]', $booking['guests'] );
		$data = $timeline->find( $event )['data'];
		$this->assertStringNotContainsStringIgnoringCase( 'pat@example.org","', $data );
		$this->assertStringContainsString( 'spat@example.org', $data, "another person's address is left whole" );
		$this->assertStringNotContainsString( 'pat%40example.org', $data );
		$this->assertNull( $this->body( $pats ) );
		$this->assertSame( '{"email":"spat@example.org"}', $this->body( $spats ) );

		$again = Plugin::instance()->privacy()->erase( 'pat@example.org', 1 );
		$this->assertFalse( $again['items_removed'] );
		$this->assertSame( 1, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::table( 'leads' ) ) ); // phpcs:ignore WordPress.DB
	}
}
