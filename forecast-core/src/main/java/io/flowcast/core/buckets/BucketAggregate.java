package io.flowcast.core.buckets;

import io.flowcast.core.events.OrderEvent;

/** What one product sold in one bucket. Mergeable, so partial sums can be combined before the shuffle. */
public class BucketAggregate {
    public double units;
    public double revenue;
    public long orders;
    /** Order lines sold on promotion. */
    public long promoOrders;

    public BucketAggregate() {}

    public BucketAggregate(double units, double revenue, long orders, long promoOrders) {
        this.units = units;
        this.revenue = revenue;
        this.orders = orders;
        this.promoOrders = promoOrders;
    }

    public void add(OrderEvent e) {
        units += e.quantity;
        revenue += e.revenue();
        orders++;
        if (e.promotion) {
            promoOrders++;
        }
    }

    public void merge(BucketAggregate other) {
        units += other.units;
        revenue += other.revenue;
        orders += other.orders;
        promoOrders += other.promoOrders;
    }

    /** Revenue per unit, or NaN for a bucket without sales. */
    public double meanPrice() {
        return units > 0 ? revenue / units : Double.NaN;
    }

    @Override
    public String toString() {
        return "Bucket{units=" + units + ", revenue=" + revenue + ", orders=" + orders + "}";
    }
}
