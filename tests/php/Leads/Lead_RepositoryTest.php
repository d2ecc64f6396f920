<?php
/**
 * Leads\Lead_Repository against the real database.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Leads;

use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Schema;
use SolarCapture\Tests\Test_Case;

/**
 * Find, update, compare-and-set the stage, delete.
 */
final class Lead_RepositoryTest extends Test_Case {

	/**
	 * The repository.
	 *
	 * @var Lead_Repository
	 */
	private $leads;

	protected function setUp(): void {
		parent::setUp();
		$this->leads = new Lead_Repository();
	}

	public function test_finds_a_lead_by_its_normalised_email_whatever_its_case_and_spaces(): void {
		$id = $this->lead( array( 'email' => 'Jamie.Rivera@Example.org' ) );
		$this->assertSame( 'jamie.rivera@example.org', $this->leads->find( $id )['email_normalized'] );
		$this->assertSame( (string) $id, (string) $this->leads->find_by_email( '  JAMIE.rivera@example.ORG ' )['id'] );
		$this->assertNull( $this->leads->find_by_email( 'jamie@example.org' ) );
		$this->assertNull( $this->leads->find( 0 ) );
	}

	public function test_a_second_lead_with_the_same_email_is_refused(): void {
		$this->lead( array( 'email' => 'dup@example.org' ) );
		global $wpdb;
		$wpdb->suppress_errors( true );
		$second = $this->leads->insert(
			array(
				'email'      => 'DUP@example.org',
				'lead_token' => 'token-dup',
				'created_at' => gmdate( 'Y-m-d H:i:s' ),
				'updated_at' => gmdate( 'Y-m-d H:i:s' ),
			)
		);
		$wpdb->suppress_errors( false );
		$this->assertSame( 0, $second );
	}

	public function test_find_many_keys_rows_by_id_and_leaves_out_unknown_ids(): void {
		$a     = $this->lead( array() );
		$b     = $this->lead( array() );
		$found = $this->leads->find_many( array( $b, $a, 999999, 0 ) );
		$this->assertEqualsCanonicalizing( array( $a, $b ), array_keys( $found ) );
		$this->assertSame( array(), $this->leads->find_many( array() ) );
	}

	public function test_email_owner_names_another_lead_only(): void {
		$a = $this->lead( array( 'email' => 'a@example.org' ) );
		$b = $this->lead( array( 'email' => 'b@example.org' ) );
		$this->assertSame( $a, $this->leads->email_owner( 'A@example.org', $b ) );
		$this->assertNull( $this->leads->email_owner( 'a@example.org', $a ) );
	}

	public function test_update_keeps_the_normalised_email_in_step_and_writes_null_bills_and_cents(): void {
		$id = $this->lead( array( 'monthly_bill' => 120.5 ) );
		$this->assertTrue( $this->leads->update( $id, array( 'email' => 'New.Address@Example.org', 'homeowner' => 1 ) ) );
		$row = $this->leads->find( $id );
		$this->assertSame( 'new.address@example.org', $row['email_normalized'] );
		$this->assertSame( 120.5, (float) $row['monthly_bill'] );
		$this->assertSame( 1, (int) $row['homeowner'] );

		$this->leads->update( $id, array( 'monthly_bill' => null ) );
		$this->assertNull( $this->leads->find( $id )['monthly_bill'] );
		$this->leads->update( $id, array( 'monthly_bill' => 99.99 ) );
		$this->assertSame( 99.99, (float) $this->leads->find( $id )['monthly_bill'] );
	}

	public function test_move_stage_only_moves_a_lead_still_in_the_stage_it_was_read_in(): void {
		$id  = $this->lead( array( 'stage' => 'new' ) );
		$now = '2026-03-01 10:00:00';
		$this->assertSame( 0, $this->leads->move_stage( $id, 'contacted', 'won', $now ), 'a webhook moved it meanwhile' );
		$this->assertSame( 'new', $this->leads->find( $id )['stage'] );

		$this->assertSame( 1, $this->leads->move_stage( $id, 'new', 'contacted', $now ) );
		$row = $this->leads->find( $id );
		$this->assertSame( 'contacted', $row['stage'] );
		$this->assertSame( $now, $row['stage_changed_at'] );

		$this->assertSame( 1, $this->leads->move_stage( $id, null, 'won', $now ), 'null: whatever its stage' );
		$this->assertSame( 'won', $this->leads->find( $id )['stage'] );
	}

	public function test_delete_removes_leads_bookings_and_timelines_and_unlinks_deliveries(): void {
		global $wpdb;
		$gone = $this->lead( array() );
		$kept = $this->lead( array() );
		$this->booking( array( 'lead_id' => $gone ) );
		$this->booking( array( 'lead_id' => $kept ) );
		$timeline = new \SolarCapture\Leads\Timeline();
		$timeline->add( $gone, 'note', array( 'text' => 'x' ), 'user:1' );
		$timeline->add( $kept, 'note', array( 'text' => 'y' ), 'user:1' );
		$wpdb->insert( Schema::table( 'deliveries' ), array( 'provider' => 'calcom', 'status' => 'applied', 'lead_id' => $gone, 'booking_id' => 1, 'received_at' => gmdate( 'Y-m-d H:i:s' ) ) ); // phpcs:ignore WordPress.DB
		$delivery = (int) $wpdb->insert_id;

		$this->assertTrue( $this->leads->delete( array( $gone ) ) );

		$this->assertNull( $this->leads->find( $gone ) );
		$this->assertNotNull( $this->leads->find( $kept ) );
		$this->assertSame( 1, $this->rows_in( 'bookings' ) );
		$this->assertSame( 1, $this->rows_in( 'events' ) );
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT lead_id, booking_id FROM ' . Schema::table( 'deliveries' ) . ' WHERE id = %d', $delivery ), ARRAY_A ); // phpcs:ignore WordPress.DB
		$this->assertSame( array( null, null ), array( $row['lead_id'], $row['booking_id'] ), 'the log keeps the delivery, unlinked' );
		$this->assertTrue( $this->leads->delete( array() ) );
	}

	public function test_a_booking_token_names_the_lead_whose_token_it_is_and_nothing_else(): void {
		$token = bin2hex( random_bytes( 16 ) );
		$id    = $this->lead( array( 'lead_token' => $token ) );
		$this->lead( array() );
		$this->assertSame( $id, $this->leads->find_id_by_token( $token ) );
		$this->assertSame( 0, $this->leads->find_id_by_token( bin2hex( random_bytes( 16 ) ) ) );
		$this->assertSame( 0, $this->leads->find_id_by_token( '' ) );
		$this->assertSame( 0, $this->leads->find_id_by_token( "' OR 1=1 --" ), 'not a token: not even asked' );
		$this->assertSame( 0, $this->leads->find_id_by_token( substr( $token, 0, 8 ) ), 'too short to be one' );
	}
}
