package io.flowcast.kafka;
