<?php
/**
 * Leads\Booking_Repository against the real database: a booking as the REST API shows it.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Leads;

use SolarCapture\Leads\Booking_Repository;
use SolarCapture\Tests\Test_Case;

/**
 * The schema-4 columns (seat, series, location, answers, who cancelled) in present().
 */
final class Booking_RepositoryTest extends Test_Case {

	/**
	 * The repository.
	 *
	 * @var Booking_Repository
	 */
	private $bookings;

	protected function setUp(): void {
		parent::setUp();
		$this->bookings = new Booking_Repository();
	}

	public function test_a_seat_of_a_series_with_answers_is_shown_with_every_detail(): void {
		$lead    = $this->lead( array() );
		$answers = array(
			array(
				'key'   => 'monthly-bill',
				'label' => 'Monthly bill',
				'value' => '£120',
			),
			array(
				'key'   => 'notes',
				'label' => 'Additional notes',
				'value' => '<script>window.__x=1</script>',
			),
		);
		$id      = $this->booking(
			array(
				'lead_id'           => $lead,
				'booking_uid'       => 'session-uid',
				'seat_id'           => 'seat-7',
				'seats'             => 6,
				'series_id'         => 'series-1',
				'location'          => 'https://app.cal.com/video/abc',
				'location_type'     => 'video',
				'answers'           => wp_json_encode( $answers ),
				'status'            => 'cancelled',
				'cancelled_by'      => 'Hannah Host',
				'cancelled_by_role' => 'host',
				'cancel_scope'      => 'series',
			)
		);
		$shown   = $this->bookings->present( $this->bookings->find( $id ) );

		$this->assertSame( 'session-uid', $shown['booking_uid'] );
		$this->assertSame( 'seat-7', $shown['seat_id'] );
		$this->assertSame( 6, $shown['seats'] );
		$this->assertSame( 'series-1', $shown['series_id'] );
		$this->assertSame( 'https://app.cal.com/video/abc', $shown['location'] );
		$this->assertSame( 'video', $shown['location_type'] );
		$this->assertSame(
			array(
				array(
					'label' => 'Monthly bill',
					'value' => '£120',
				),
				array(
					'label' => 'Additional notes',
					'value' => '<script>window.__x=1</script>',
				),
			),
			$shown['answers'],
			'label and value, as the text stored (escaping is the screen\'s job)'
		);
		$this->assertSame( 'Hannah Host', $shown['cancelled_by'] );
		$this->assertSame( 'host', $shown['cancelled_by_role'] );
		$this->assertSame( 'series', $shown['cancel_scope'] );
	}

	public function test_a_plain_booking_has_empty_details(): void {
		$shown = $this->bookings->present( $this->bookings->find( $this->booking( array( 'lead_id' => $this->lead( array() ) ) ) ) );
		$this->assertNull( $shown['booking_uid'] );
		$this->assertNull( $shown['seat_id'] );
		$this->assertNull( $shown['seats'] );
		$this->assertNull( $shown['series_id'] );
		$this->assertSame( '', $shown['location'] );
		$this->assertSame( '', $shown['location_type'] );
		$this->assertSame( array(), $shown['answers'] );
		$this->assertSame( '', $shown['cancelled_by'] );
		$this->assertSame( '', $shown['cancelled_by_role'] );
		$this->assertSame( '', $shown['cancel_scope'] );
	}

	public function test_stored_answers_that_are_not_a_list_of_texts_are_left_out(): void {
		$this->assertSame( array(), Booking_Repository::answers( '{"label":"x","value":"y"}' ), 'an object, not a list' );
		$this->assertSame( array(), Booking_Repository::answers( 'not json' ) );
		$this->assertSame( array(), Booking_Repository::answers( null ) );
		$this->assertSame(
			array(
				array(
					'label' => 'postcode',
					'value' => 'LS1 4AP',
				),
				array(
					'label' => 'Seats',
					'value' => '3',
				),
			),
			Booking_Repository::answers(
				wp_json_encode(
					array(
						array(
							'key'   => 'postcode',
							'label' => '',
							'value' => 'LS1 4AP',
						),
						array(
							'label' => 'Nested',
							'value' => array( 'html' => '<b>' ),
						),
						array(
							'label' => 'Blank',
							'value' => '  ',
						),
						'junk',
						array(
							'label' => 'Seats',
							'value' => 3,
						),
					)
				)
			),
			'the key stands in for a missing label; nested values, blanks and junk are dropped'
		);
		$this->assertCount( Booking_Repository::MAX_ANSWERS, Booking_Repository::answers( wp_json_encode( array_fill( 0, 150, array( 'label' => 'Q', 'value' => 'A' ) ) ) ) );
	}

	public function test_unknown_words_in_the_kind_columns_are_not_passed_on(): void {
		$shown = $this->bookings->present(
			$this->bookings->find(
				$this->booking(
					array(
						'lead_id'           => $this->lead( array() ),
						'location_type'     => '<b>x</b>',
						'cancelled_by_role' => 'admin',
						'cancel_scope'      => 'everything',
					)
				)
			)
		);
		$this->assertSame( '', $shown['location_type'] );
		$this->assertSame( '', $shown['cancelled_by_role'] );
		$this->assertSame( '', $shown['cancel_scope'] );
	}
}
