<?php
/**
 * Leads\Timeline against the real database.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Leads;

use SolarCapture\Leads\Timeline;
use SolarCapture\Tests\Test_Case;

/**
 * Add and read events; who made them.
 */
final class TimelineTest extends Test_Case {

	/**
	 * The timeline.
	 *
	 * @var Timeline
	 */
	private $timeline;

	protected function setUp(): void {
		parent::setUp();
		$this->timeline = new Timeline();
	}

	public function test_an_event_is_stored_as_json_and_read_back_as_the_api_shows_it(): void {
		$lead = $this->lead( array() );
		$id   = $this->timeline->add( $lead, 'stage_changed', array( 'from' => 'new', 'to' => 'won', 'note' => 'Zoë → "ok" / done' ), 'form' );
		$row  = $this->timeline->find( $id );
		$this->assertSame( '{"from":"new","to":"won","note":"Zoë → \"ok\" / done"}', $row['data'], 'unescaped slashes and unicode' );

		$shown = $this->timeline->present( $row );
		$this->assertSame( array( 'id', 'lead_id', 'type', 'data', 'actor', 'actor_label', 'created_at' ), array_keys( $shown ) );
		$this->assertSame( 'won', $shown['data']->to );
		$this->assertSame( 'Quote form', $shown['actor_label'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $shown['created_at'] );
		$this->assertEquals( new \stdClass(), $this->timeline->present( $this->timeline->find( $this->timeline->add( $lead, 'x', array(), 'form' ) ) )['data'], 'empty data stays an object' );
	}

	public function test_latest_is_newest_first_and_only_that_leads(): void {
		$a = $this->lead( array() );
		$b = $this->lead( array() );
		$first  = $this->timeline->add( $a, 'note', array( 'text' => '1' ), 'user:1' );
		$this->timeline->add( $b, 'note', array( 'text' => 'other' ), 'user:1' );
		$second = $this->timeline->add( $a, 'note', array( 'text' => '2' ), 'user:1' );
		$this->assertSame( array( $second, $first ), array_map( 'intval', array_column( $this->timeline->latest( $a ), 'id' ) ) );
		$this->assertSame( array( $first, $second ), array_map( 'intval', array_column( $this->timeline->all_of( $a ), 'id' ) ) );
	}

	public function test_find_note_finds_only_a_note_of_that_lead(): void {
		$a     = $this->lead( array() );
		$b     = $this->lead( array() );
		$note  = $this->timeline->add( $a, 'note', array( 'text' => 'hi' ), 'user:1' );
		$event = $this->timeline->add( $a, 'stage_changed', array(), 'calcom' );
		$this->assertNotNull( $this->timeline->find_note( $a, $note ) );
		$this->assertNull( $this->timeline->find_note( $b, $note ), 'another lead\'s note' );
		$this->assertNull( $this->timeline->find_note( $a, $event ), 'not a note' );
		$this->assertTrue( $this->timeline->delete( $note ) );
		$this->assertFalse( $this->timeline->delete( $note ) );
	}

	public function test_actor_labels_name_users_the_form_and_providers(): void {
		$user = wp_insert_user(
			array(
				'user_login'   => 'timeline-' . wp_generate_password( 6, false ),
				'user_pass'    => wp_generate_password(),
				'display_name' => 'Robin Installer',
			)
		);
		$this->assertIsInt( $user );
		$this->assertSame( 'Robin Installer', $this->timeline->actor_label( 'user:' . $user ) );
		$this->assertSame( 'Deleted user', $this->timeline->actor_label( 'user:999999' ) );
		$this->assertSame( 'Quote form', $this->timeline->actor_label( 'form' ) );
		$this->assertSame( 'Cal.com', $this->timeline->actor_label( 'calcom' ) );
		$this->assertSame( 'Orufy Bookings', $this->timeline->actor_label( 'orufy' ) );
		$this->assertSame( 'acuity', $this->timeline->actor_label( 'acuity' ) );
		require_once ABSPATH . 'wp-admin/includes/user.php';
		wp_delete_user( $user );
	}

	public function test_mentioning_finds_other_leads_events_and_replace_data_rewrites_one(): void {
		$own   = $this->lead( array() );
		$other = $this->lead( array() );
		$this->timeline->add( $own, 'booking_no_show', array( 'attendees' => array( 'pat@example.org' ) ), 'calcom' );
		$id = $this->timeline->add( $other, 'booking_no_show', array( 'attendees' => array( 'Pat@Example.org' ) ), 'calcom' );
		$found = $this->timeline->mentioning( array( 'pat@example.org' ), $own );
		$this->assertSame( array( $id ), array_map( 'intval', array_column( $found, 'id' ) ) );
		$this->assertSame( array(), $this->timeline->mentioning( array(), 0 ) );
		$this->assertSame( 1, $this->timeline->replace_data( $id, '{"attendees":["[erased]"]}' ) );
		$this->assertSame( '{"attendees":["[erased]"]}', $this->timeline->find( $id )['data'] );
	}

	public function test_count_since_counts_one_leads_events_of_one_type_from_a_time_on(): void {
		$lead  = $this->lead( array() );
		$other = $this->lead( array() );
		$since = gmdate( 'Y-m-d H:i:s', time() - 60 );
		$this->assertSame( 0, $this->timeline->count_since( $lead, 'browser_booking', $since ) );
		$this->timeline->add( $lead, 'browser_booking', array( 'provider' => 'calcom' ), 'form' );
		$this->timeline->add( $lead, 'note', array( 'text' => 'x' ), 'user:1' );
		$this->timeline->add( $other, 'browser_booking', array( 'provider' => 'calcom' ), 'form' );
		$this->assertSame( 1, $this->timeline->count_since( $lead, 'browser_booking', $since ) );
		$this->assertSame( 0, $this->timeline->count_since( $lead, 'browser_booking', gmdate( 'Y-m-d H:i:s', time() + 60 ) ), 'none after it' );
	}
}
