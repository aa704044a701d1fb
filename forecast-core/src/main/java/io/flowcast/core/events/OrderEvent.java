package io.flowcast.core.events;

import java.util.Objects;

/** One order line on the {@code orders} topic: the job's only input. A Flink POJO, so no Kryo. */
public class OrderEvent {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    public String orderId;
    public String productId;
    public double quantity;
    public double unitPrice;
    /** Event time, epoch millis (UTC). */
    public long eventTime;
    public String category;
    public String customerId;
    public String country;
    public boolean promotion;

    public OrderEvent() {}

    public OrderEvent(String orderId, String productId, double quantity, double unitPrice, long eventTime) {
        this.orderId = orderId;
        this.productId = productId;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.eventTime = eventTime;
    }

    public double revenue() {
        return quantity * unitPrice;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrderEvent)) {
            return false;
        }
        OrderEvent e = (OrderEvent) o;
        return schemaVersion == e.schemaVersion && Double.compare(quantity, e.quantity) == 0
                && Double.compare(unitPrice, e.unitPrice) == 0 && eventTime == e.eventTime
                && promotion == e.promotion && Objects.equals(orderId, e.orderId)
                && Objects.equals(productId, e.productId) && Objects.equals(category, e.category)
                && Objects.equals(customerId, e.customerId) && Objects.equals(country, e.country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, productId, quantity, unitPrice, eventTime);
    }

    @Override
    public String toString() {
        return "OrderEvent{" + orderId + " " + productId + " x" + quantity + " @" + unitPrice + " t=" + eventTime + "}";
    }
}
