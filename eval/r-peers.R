#!/usr/bin/env Rscript
# R forecast-package peers on Flowcast's rolling-origin hold-out, written in Flowcast's per-forecast
# CSV layout (backtest ForecastCsv: run,product,origin,step,target,actual,point,p10,p50,p90,model,model_version)
# so `./flowcast score` scores them next to Flowcast's own forecasts.csv.
#
# Protocol (the same as `./flowcast backtest --score-from 2011-06-01 --origins-every 7d --top-products 200`):
# daily buckets (UTC dates; the shop trades 6-21h UK time, so UK and UTC dates agree), every product's
# series from its first sale to the log's last day with zero days filled; the N products with the most
# selling days before the first origin; an origin every 7 days from the first; at each origin every
# model is refit on all history before it and forecasts h = 1..7; p10/p90 from the 80% interval,
# p50 = point (the models' intervals are symmetric around the mean). Orders are cleaned as
# `flowcast import` does: no cancellations (InvoiceNo C...), quantity > 0, price > 0, codes that
# start with five digits.
#
# Each model also runs as "<model>-closed0": the shop's closed days forecast as 0 (all quantiles 0):
# weekdays on which the whole shop sold nothing in the 8 weeks before the origin, and UK bank holidays
# (eval/uk-bank-holidays.txt) on which it sold nothing before.
#
# usage: Rscript eval/r-peers.R [orders.csv.gz] [out.csv] [first-origin] [n-products] [horizon] [every-days]
suppressPackageStartupMessages({ library(forecast) })

args <- commandArgs(trailingOnly = TRUE)
file      <- if (length(args) >= 1) args[1] else "../shared/data/online-retail/online_retail_2010-12-01_2011-08-31.csv.gz"
out       <- if (length(args) >= 2) args[2] else "r-peers.csv"
first     <- as.Date(if (length(args) >= 3) args[3] else "2011-06-01")
nProducts <- if (length(args) >= 4) as.integer(args[4]) else 200L
h         <- if (length(args) >= 5) as.integer(args[5]) else 7L
every     <- if (length(args) >= 6) as.integer(args[6]) else 7L
models    <- strsplit(Sys.getenv("R_PEERS_MODELS", "snaive,ets,arima,croston,ma28"), ",")[[1]]
script    <- sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))
holidayFile <- file.path(dirname(script), "uk-bank-holidays.txt")

raw <- read.csv(gzfile(file), colClasses = "character")
qty <- as.numeric(raw$Quantity); price <- as.numeric(raw$UnitPrice)
keep <- !grepl("^[Cc]", raw$InvoiceNo) & !is.na(qty) & qty > 0 & grepl("^[0-9]{5}", raw$StockCode) &
        !is.na(price) & price > 0
raw <- raw[keep, ]
raw$day <- as.Date(substr(raw$InvoiceDate, 1, 10))
raw$qty <- qty[keep]
daily <- aggregate(qty ~ StockCode + day, data = raw, FUN = sum)
lastDay <- max(daily$day)
shopDays <- sort(unique(daily$day))
holidays <- as.Date(readLines(holidayFile))

sellingBefore <- table(daily$StockCode[daily$day < first])
invisible(Sys.setlocale("LC_COLLATE", "C")) # ties broken by code point, as Flowcast's scorer does
top <- names(sellingBefore)[order(-as.integer(sellingBefore), names(sellingBefore))][1:nProducts]
# R_PEERS_SHARD=i/n runs the i-th of n interleaved slices of the products (to use several cores)
shard <- as.integer(strsplit(Sys.getenv("R_PEERS_SHARD", "1/1"), "/")[[1]])
top <- top[seq_along(top) %% shard[2] == shard[1] %% shard[2]]
origins <- seq(first, lastDay - h + 1, by = every)
cat(sprintf("%d products, %d origins (%s .. %s), models %s\n", length(top), length(origins), first,
            origins[length(origins)], paste(models, collapse = ",")), file = stderr())

# closed days known at an origin: weekdays without any shop sale in the 8 weeks before, and bank holidays
# the shop never traded on before
closedAt <- function(origin, days) {
  recent <- shopDays[shopDays < origin & shopDays >= origin - 56]
  openWd <- unique(weekdays(recent))
  pastHolidays <- holidays[holidays < origin & holidays >= min(shopDays)]
  holidayClosed <- length(pastHolidays) > 0 && !any(pastHolidays %in% shopDays)
  !(weekdays(days) %in% openWd) | (holidayClosed & days %in% holidays)
}

# Croston's method as forecast::croston computes it (SES with alpha 0.1 on the nonzero demands and on
# the intervals between them, each started at its first value), without the fitted values that make
# forecast::croston take 0.3 s a call
crostonPoint <- function(y, alpha = 0.1) {
  nz <- which(y != 0)
  if (length(nz) == 0) return(0)
  if (length(nz) == 1) return(y[nz] / nz)
  smooth <- function(x) { l <- x[1]; for (v in x[-1]) l <- l + alpha * (v - l); l }
  smooth(y[nz]) / smooth(diff(c(0, nz)))
}

fit <- function(model, y) {
  yt <- ts(y, frequency = 7)
  f <- switch(model,
    snaive  = snaive(yt, h = h, level = 80),
    ets     = forecast(ets(yt), h = h, level = 80),
    arima   = forecast(auto.arima(yt), h = h, level = 80),
    croston = list(mean = rep(crostonPoint(y), h), lower = NULL, upper = NULL),
    ma28    = { m <- mean(tail(y, 28)); list(mean = rep(m, h), lower = NULL, upper = NULL) })
  point <- pmax(as.numeric(f$mean), 0)
  lo <- if (is.null(f$lower)) rep(NA, h) else pmax(as.numeric(f$lower), 0)
  hi <- if (is.null(f$upper)) rep(NA, h) else pmax(as.numeric(f$upper), 0)
  cbind(point, lo, hi)
}

con <- file(out, "w")
writeLines("run,product,origin,step,target,actual,point,p10,p50,p90,model,model_version", con)
started <- Sys.time()
for (p in top) {
  d <- daily[daily$StockCode == p, ]
  days <- seq(min(d$day), lastDay, by = 1)
  y <- numeric(length(days)); y[match(d$day, days)] <- d$qty
  for (o in as.list(origins)) {
    train <- y[days < o]
    if (length(train) < 2) next
    targets <- o + 0:(h - 1)
    actual <- y[match(targets, days)]
    closed <- closedAt(o, targets)
    for (m in models) {
      r <- tryCatch(fit(m, train), error = function(e) { message(p, " ", o, " ", m, ": ", conditionMessage(e)); NULL })
      if (is.null(r)) next
      for (variant in c("", "-closed0")) {
        rr <- r
        if (variant != "") rr[closed, ] <- 0
        write.table(data.frame(paste0("r-", m, variant), p, format(o), 1:h, format(targets), actual,
                               round(rr[, 1], 4), round(rr[, 2], 4), round(rr[, 1], 4), round(rr[, 3], 4), m, "R forecast"),
                    con, sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE, na = "")
      }
    }
  }
}
close(con)
cat(sprintf("wrote %s in %.0f s\n", out, as.numeric(difftime(Sys.time(), started, units = "secs"))), file = stderr())
